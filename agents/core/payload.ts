// Data from outside (a webhook payload, a bulk-operation line) that cannot be read as what it
// claims to be. It is the sender's error, not ours: a webhook answers 400 with this message
// instead of a 500 (app/webhooks.server.ts), and a retry of the same payload fails the same way.
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}
