// A message's text as React elements (paragraphs, lists, bold...): never HTML from the model.
import { BlockStack, List, Text } from "@shopify/polaris";
import { Fragment, useMemo, type ReactNode } from "react";
import { parseMarkdown, type Inline } from "./markdown";

function renderInline(nodes: Inline[]): ReactNode {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case "text":
        return <Fragment key={i}>{node.text}</Fragment>;
      case "strong":
        return <strong key={i}>{renderInline(node.children)}</strong>;
      case "em":
        return <em key={i}>{renderInline(node.children)}</em>;
      case "code":
        return <code key={i}>{node.text}</code>;
    }
  });
}

export function MessageText({ text }: { text: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <BlockStack gap="200">
      {blocks.map((block, i) => {
        if (block.kind === "heading")
          return (
            <Text key={i} as="h4" variant="headingSm">
              {renderInline(block.children)}
            </Text>
          );
        if (block.kind === "list")
          return (
            <List key={i} type={block.ordered ? "number" : "bullet"} gap="extraTight">
              {block.items.map((item, j) => (
                <List.Item key={j}>{renderInline(item)}</List.Item>
              ))}
            </List>
          );
        return (
          <Text key={i} as="p" variant="bodyMd">
            {block.lines.map((line, j) => (
              <Fragment key={j}>
                {j > 0 ? <br /> : null}
                {renderInline(line)}
              </Fragment>
            ))}
          </Text>
        );
      })}
    </BlockStack>
  );
}
