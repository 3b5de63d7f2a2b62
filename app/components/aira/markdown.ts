// The small markdown subset AIRA writes (paragraphs, line breaks, bullet and numbered lists,
// headings, **bold**, *italic*, `code`) parsed into a tree that React renders as elements. Model
// output never becomes HTML: anything else stays literal text.

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "code"; text: string };

export type Block =
  | { kind: "paragraph"; lines: Inline[][] }
  | { kind: "heading"; children: Inline[] }
  | { kind: "list"; ordered: boolean; start: number; items: Inline[][] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

type ListBlock = Extract<Block, { kind: "list" }>;

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  // The paragraph or list that the next line may continue.
  const open: { paragraph: Inline[][] | null; list: ListBlock | null } = { paragraph: null, list: null };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      open.paragraph = open.list = null;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      open.paragraph = open.list = null;
      blocks.push({ kind: "heading", children: parseInline(heading[1]) });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !bullet;
      if (!open.list || open.list.ordered !== ordered) {
        open.paragraph = null;
        open.list = { kind: "list", ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
        blocks.push(open.list);
      }
      open.list.items.push(parseInline(bullet ? bullet[1] : numbered![2]));
      continue;
    }
    // An indented line right after a list item continues that item (wrapped text).
    if (open.list && /^\s+\S/.test(line)) {
      open.list.items[open.list.items.length - 1].push({ kind: "text", text: " " }, ...parseInline(line.trim()));
      continue;
    }
    open.list = null;
    if (!open.paragraph) {
      open.paragraph = [];
      blocks.push({ kind: "paragraph", lines: open.paragraph });
    }
    open.paragraph.push(parseInline(line));
  }
  return blocks;
}

/** **bold**, __bold__, *italic*, _italic_ and `code`; unmatched markers stay as they are. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  const flush = () => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith("`")) {
      const end = text.indexOf("`", i + 1);
      if (end > i + 1) {
        flush();
        out.push({ kind: "code", text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const strong = rest.startsWith("**") ? "**" : rest.startsWith("__") ? "__" : null;
    if (strong) {
      const end = text.indexOf(strong, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ kind: "strong", children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    const em = rest[0] === "*" || rest[0] === "_" ? rest[0] : null;
    // Emphasis needs a non-space right after the opening marker and a word boundary before it
    // (so 3*4*5 and snake_case_names stay literal).
    if (em && rest.length > 2 && rest[1] !== " " && rest[1] !== em && !/\w/.test(text[i - 1] ?? "")) {
      const end = text.indexOf(em, i + 1);
      if (end > i + 1 && text[end - 1] !== " " && !/\w/.test(text[end + 1] ?? "")) {
        flush();
        out.push({ kind: "em", children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  flush();
  return out;
}
