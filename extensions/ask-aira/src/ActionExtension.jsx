// "Ask AIRA" on a product or order page: names the resource, takes an optional question and opens
// the app's AIRA page with that resource as context. Admin UI extension (Preact + Polaris web
// components); the `shopify` global is the extension API of the target it runs in.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { airaUrl, resourceOf } from "./aira-url";

export default async () => {
  render(<Extension />, document.body);
};

/** @typedef {{ product?: { title?: string } | null, order?: { name?: string } | null } | undefined} LabelData */
const LABEL_QUERIES = {
  product: {
    query: "query AskAiraProduct($id: ID!) { product(id: $id) { title } }",
    read: (/** @type {LabelData} */ data) => data?.product?.title,
  },
  order: {
    query: "query AskAiraOrder($id: ID!) { order(id: $id) { name } }",
    read: (/** @type {LabelData} */ data) => data?.order?.name,
  },
};

function Extension() {
  const { data, extension, close } = shopify;
  const resource = resourceOf(extension.target, data.selected?.[0]?.id);
  const [label, setLabel] = useState(/** @type {string | null} */ (null));
  const [question, setQuestion] = useState("");

  useEffect(() => {
    if (!resource) return;
    const { query, read } = LABEL_QUERIES[resource.type];
    let live = true;
    shopify
      .query(query, { variables: { id: resource.id } })
      .then((result) => {
        if (live) setLabel(read(/** @type {LabelData} */ (result.data)) ?? null);
      })
      .catch(() => {
        // The name is only a nicety: AIRA's page looks it up from the app's store mirror too.
      });
    return () => {
      live = false;
    };
  }, [resource?.id]);

  if (!resource) {
    return (
      <s-admin-action heading="Ask AIRA">
        <s-text>Open a single product or order to ask AIRA about it.</s-text>
        <s-button slot="secondary-actions" onClick={() => close()}>
          Close
        </s-button>
      </s-admin-action>
    );
  }

  const noun = resource.type === "product" ? "product" : "order";
  return (
    <s-admin-action heading="Ask AIRA">
      <s-stack direction="block" gap="base">
        <s-text>
          AIRA opens with {label ? <s-text type="strong">{label}</s-text> : `this ${noun}`} as the conversation's
          context. Any change it proposes waits for your approval.
        </s-text>
        <s-text-area
          label="Your question (optional)"
          placeholder={
            resource.type === "product"
              ? "How is it selling? Will it run out?"
              : "Is this order risky? How should it ship?"
          }
          value={question}
          rows={3}
          maxLength={4000}
          onInput={(event) => setQuestion(event.currentTarget.value)}
        />
      </s-stack>
      <s-button slot="primary-action" variant="primary" href={airaUrl({ ...resource, label, question })}>
        Open AIRA
      </s-button>
      <s-button slot="secondary-actions" onClick={() => close()}>
        Cancel
      </s-button>
    </s-admin-action>
  );
}
