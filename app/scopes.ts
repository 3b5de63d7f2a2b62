/** Access scopes requested from real shops; shopify.app.toml lists the same (a test checks). */
export { APP_SCOPES } from "../agents/security/scopes";
