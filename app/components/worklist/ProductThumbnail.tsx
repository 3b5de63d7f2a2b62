// The product's picture before its title in a worklist row, so a merchant recognises the product at
// a glance. A product without an image gets a neutral picture glyph (drawn here, so the app needs no
// icon package) rather than an empty gap, keeping the titles aligned.
import { Thumbnail } from "@shopify/polaris";
import type { SVGProps } from "react";

function NoImageIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" {...props}>
      <path
        fill="currentColor"
        d="M4.5 3A1.5 1.5 0 0 0 3 4.5v11A1.5 1.5 0 0 0 4.5 17h11a1.5 1.5 0 0 0 1.5-1.5v-11A1.5 1.5 0 0 0 15.5 3h-11Zm0 1.5h11v7.4l-2.7-2.7a.75.75 0 0 0-1.06 0L8.5 12.44 7.28 11.2a.75.75 0 0 0-1.06 0L4.5 12.94V4.5Zm3 1.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z"
      />
    </svg>
  );
}

export function ProductThumbnail({ url, title }: { url: string | null; title: string }) {
  return <Thumbnail size="small" source={url ?? NoImageIcon} alt={title} />;
}
