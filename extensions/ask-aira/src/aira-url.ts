// Where "Ask AIRA" sends the merchant: the app's AIRA page with the resource as context. Kept free
// of extension APIs so that the app's tests can check it against the page's parser.

export type AiraResourceType = "product" | "order";

/** The extension targets this module serves, and the resource each one is about. */
export const TARGET_RESOURCES: Record<string, AiraResourceType> = {
  "admin.product-details.action.render": "product",
  "admin.order-details.action.render": "order",
};

const GID = { product: /^gid:\/\/shopify\/Product\/\d+$/, order: /^gid:\/\/shopify\/Order\/\d+$/ };

/** The product or order the action was opened on, or null when the target or id does not fit. */
export function resourceOf(
  target: string,
  selectedId: string | undefined | null,
): { type: AiraResourceType; id: string } | null {
  const type = TARGET_RESOURCES[target];
  if (!type || !selectedId || !GID[type].test(selectedId)) return null;
  return { type, id: selectedId };
}

/**
 * `app://app/aira?context=product:<gid>&label=<title>&q=<question>`: the `app://` protocol makes
 * the admin open the path inside this app.
 */
export function airaUrl(resource: {
  type: AiraResourceType;
  id: string;
  label?: string | null;
  question?: string | null;
}): string {
  const params = new URLSearchParams({ context: `${resource.type}:${resource.id}` });
  const label = resource.label?.trim();
  if (label) params.set("label", label.slice(0, 200));
  const question = resource.question?.trim();
  if (question) params.set("q", question.slice(0, 4000));
  return `app://app/aira?${params.toString()}`;
}
