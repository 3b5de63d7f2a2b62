// Entities in a merchant's message: products and SKUs (matched against the catalogue, misspellings
// included), amounts, percentages, plain numbers, order names, ticket and alert ids, discount codes
// and agent names. Inputs are texts from normalize() (lower case), usually with the spans already
// used by other entities masked out.
import Fuse from "fuse.js";
import { COMMON_WORDS, KEYWORDS, editDistance, glueUnits, stem, tokens } from "./text";
import type { CatalogEntry } from "./types";

export interface Span {
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Catalogue index

interface IndexedVariant {
  entry: CatalogEntry;
  terms: Set<string>;
}
export interface IndexedProduct {
  productId: string;
  title: string;
  titleTerms: string[];
  titleSet: Set<string>;
  /** Title and variant terms together. */
  allTerms: Set<string>;
  /** Sum of the idf of the title's terms. */
  titleWeight: number;
  variants: IndexedVariant[];
}

export interface CatalogIndex {
  products: IndexedProduct[];
  /** Stemmed term -> indexes of the products whose title or variant titles contain it. */
  termProducts: Map<string, number[]>;
  idf: Map<string, number>;
  vocabulary: string[];
  /** Catalogue words, raw and stemmed: never "corrected" into command words. */
  words: Set<string>;
  skuExact: Map<string, CatalogEntry>;
  skuCompact: Map<string, CatalogEntry[]>;
  skusSorted: string[];
  /** Compact SKUs by their first two characters, for misspelt SKUs. */
  skuBuckets: Map<string, string[]>;
  fuzzyTerms: Map<string, { term: string; similarity: number }[]>;
  vocabularyFuse?: Fuse<string>;
}

const SIZE_ALIASES: Record<string, string[]> = {
  xs: ["extra small"],
  s: ["small"],
  m: ["medium", "med"],
  l: ["large"],
  xl: ["extra large"],
  xxl: [],
};
const STOP = new Set([
  ...COMMON_WORDS,
  ...KEYWORDS,
  "sku",
  "skus",
  "size",
  "sizes",
  "colour",
  "color",
  "variant",
  "one",
  "ones",
  "default",
  "title",
  "item",
  "thing",
]);
const isStop = (word: string) => STOP.has(word) || STOP.has(stem(word));

function titleTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokens(glueUnits(text.toLowerCase()))) {
    const parts = t.word.includes("-") ? [t.word, ...t.word.split("-")] : [t.word];
    for (const p of parts) if (p && p !== "'") out.push(stem(p.replace(/'/g, "")));
  }
  return out;
}

function variantTerms(variantTitle: string | null): Set<string> {
  const terms = new Set<string>();
  if (!variantTitle || /^default title$/i.test(variantTitle)) return terms;
  for (const term of titleTerms(variantTitle)) {
    terms.add(term);
    for (const alias of SIZE_ALIASES[term] ?? []) terms.add(alias.replace(/ /g, ""));
    const inches = /^(\d+)in$/.exec(term);
    if (inches) terms.add(inches[1]);
  }
  return terms;
}

const compact = (sku: string) => sku.toLowerCase().replace(/[-_.\s/]/g, "");

function buildIndex(catalog: CatalogEntry[]): CatalogIndex {
  const byProduct = new Map<string, IndexedProduct>();
  for (const entry of catalog) {
    let product = byProduct.get(entry.productId);
    if (!product) {
      const terms = [...new Set(titleTerms(entry.title))];
      product = {
        productId: entry.productId,
        title: entry.title,
        titleTerms: terms,
        titleSet: new Set(terms),
        allTerms: new Set(terms),
        titleWeight: 0,
        variants: [],
      };
      byProduct.set(entry.productId, product);
    }
    const terms = variantTerms(entry.variantTitle);
    product.variants.push({ entry, terms });
    for (const t of terms) product.allTerms.add(t);
  }
  const products = [...byProduct.values()];
  const termProducts = new Map<string, number[]>();
  const words = new Set<string>();
  products.forEach((p, i) => {
    const terms = new Set([...p.titleTerms, ...p.variants.flatMap((v) => [...v.terms])]);
    for (const t of terms) {
      const list = termProducts.get(t);
      if (list) list.push(i);
      else termProducts.set(t, [i]);
    }
    for (const w of tokens(p.title.toLowerCase())) for (const part of w.word.split("-")) words.add(part);
  });
  for (const t of termProducts.keys()) words.add(t);
  const idf = new Map<string, number>();
  for (const [t, list] of termProducts) idf.set(t, Math.log(1 + products.length / list.length));
  for (const p of products) p.titleWeight = p.titleTerms.reduce((sum, w) => sum + (idf.get(w) ?? 0), 0);
  const skuExact = new Map<string, CatalogEntry>();
  const skuCompact = new Map<string, CatalogEntry[]>();
  for (const entry of catalog) {
    if (!entry.sku) continue;
    skuExact.set(entry.sku.toLowerCase(), entry);
    const key = compact(entry.sku);
    skuCompact.set(key, [...(skuCompact.get(key) ?? []), entry]);
  }
  const skuBuckets = new Map<string, string[]>();
  for (const key of skuCompact.keys())
    skuBuckets.set(key.slice(0, 2), [...(skuBuckets.get(key.slice(0, 2)) ?? []), key]);
  return {
    products,
    termProducts,
    idf,
    vocabulary: [...termProducts.keys()].filter((t) => t.length >= 3 && !/^\d+$/.test(t)),
    words,
    skuExact,
    skuCompact,
    skusSorted: [...skuExact.keys()].sort(),
    skuBuckets,
    fuzzyTerms: new Map(),
  };
}

const indexCache = new WeakMap<CatalogEntry[], CatalogIndex>();
let lastIndex: { key: string; index: CatalogIndex } | null = null;

function fingerprint(catalog: CatalogEntry[]): string {
  // FNV-1a over the fields matching uses, so a catalogue rebuilt into a new array reuses the index.
  let h = 0x811c9dc5;
  for (const e of catalog) {
    const s = `${e.variantId}|${e.sku}|${e.title}|${e.variantTitle}|${e.price}|${e.inventory}`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return `${catalog.length}:${h >>> 0}`;
}

/** The search index of a catalogue, built once per catalogue (same array, or same content). */
export function indexCatalog(catalog: CatalogEntry[]): CatalogIndex {
  const cached = indexCache.get(catalog);
  if (cached) return cached;
  const key = fingerprint(catalog);
  if (lastIndex?.key === key) {
    indexCache.set(catalog, lastIndex.index);
    return lastIndex.index;
  }
  const index = buildIndex(catalog);
  indexCache.set(catalog, index);
  lastIndex = { key, index };
  return index;
}

/** Catalogue words close to a (misspelt) query word, with a similarity in (0, 1]. */
function fuzzyTerm(index: CatalogIndex, word: string): { term: string; similarity: number }[] {
  const cached = index.fuzzyTerms.get(word);
  if (cached) return cached;
  index.vocabularyFuse ??= new Fuse(index.vocabulary, {
    includeScore: true,
    threshold: 0.3,
    ignoreLocation: true,
    minMatchCharLength: 3,
    isCaseSensitive: true,
  });
  const found = index.vocabularyFuse
    .search(word, { limit: 3 })
    // Fuse also scores a query found inside a longer word; keep lengths comparable.
    // Fuse also scores partial matches leniently; a misspelling is a letter or two away.
    .filter((r) => editDistance(word, r.item, 2) <= (word.length >= 7 ? 2 : 1))
    // A short word with another first letter is another word, not a typo ("movers" is not "covers").
    .filter((r) => word.length >= 7 || r.item[0] === word[0])
    .map((r) => ({ term: r.item, similarity: 1 - (r.score ?? 0) }));
  index.fuzzyTerms.set(word, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Products

export interface ProductMatch {
  productId: string;
  title: string;
  score: number;
  /** Share of the title's words the message names. */
  coverage: number;
  /** The variants meant: all of them, or those the message singles out ("grey", "size M", "6'3"). */
  variants: CatalogEntry[];
  narrowed: boolean;
}

export interface ProductSearch {
  /** Best first. */
  matches: ProductMatch[];
  /** Several products fit equally well ("the hoodie" with two hoodies). */
  ambiguous: boolean;
  /** The spans of the words that matched, to leave them out of number searches. */
  spans: Span[];
}

interface QueryTerm {
  candidates: { term: string; similarity: number }[];
  span: Span;
  qualifying: boolean;
  variantOnly: boolean;
  /** A size the message sets apart: "the S stays like now", "all but the 7". */
  excluded?: boolean;
}

const SIZE_CONTEXT = /\b(size|sz|in|waist|length|inseam)\s+(?:an?\s+|the\s+)?$/;
/** "the L size", "M size": a size named before the word "size". */
const SIZE_AFTER = /^\s+sizes?\b/;
/** Between two sizes of a list: "M and L", "S, M", "8 & 9", "7/8". */
const SIZE_LIST_JOIN = /^\s*(?:,|and|&|or|\/|\+)\s*(?:(?:size|the)\s+)?$/;
/** A size set apart after it: "the S stay like now", "L stays", "M unchanged". */
const KEPT_AFTER =
  /^\s*(?:sizes?\s+)?(?:stays?|remains?|unchanged|as (?:it is|they are|is|now)|like now|the same|(?:is|are) fine|(?:leave|keep) (?:it|them|as)|alone\b|not\b)/;
/** A size set apart before it: "except the S", "all but 7", "not the M", "leave the L". */
const KEPT_BEFORE =
  /\b(?:except(?: for)?|but not|but|apart from|other than|without|excluding|not|leave|keep)\s+(?:the\s+)?(?:sizes?\s+)?$/;

function queryTerms(text: string, index: CatalogIndex): QueryTerm[] {
  const out: QueryTerm[] = [];
  const toks = tokens(text);
  let previousMatched = false;
  // Where the last size ended and whether it was set apart, to read a list of sizes ("M and L").
  let lastSizeEnd = -1;
  let lastSizeExcluded = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const word = t.word;
    const lead = text.slice(Math.max(0, t.start - 8), t.start);
    const afterSizeWord = SIZE_CONTEXT.test(lead);
    let term: QueryTerm | null = null;
    if (/^\d+$/.test(word) || word.length === 1) {
      // Bare sizes ("8", "m") count only where they read as a size: "size 8", "in 38", "navy 38",
      // "the L size", "riding gloves M", and the next size of a list ("M and L").
      const expanded = word.length === 1 ? [word] : [word, `${word}in`];
      const after = text.slice(t.end);
      const listed = lastSizeEnd >= 0 && SIZE_LIST_JOIN.test(text.slice(lastSizeEnd, t.start));
      const keptBefore = KEPT_BEFORE.test(text.slice(Math.max(0, t.start - 24), t.start));
      const readsAsSize =
        afterSizeWord || previousMatched || listed || keptBefore || (word.length === 1 && SIZE_AFTER.test(after));
      if (readsAsSize && expanded.some((w) => index.termProducts.has(w))) {
        const excluded: boolean = KEPT_AFTER.test(after) || keptBefore || (listed && lastSizeExcluded);
        term = {
          candidates: expanded.filter((w) => index.termProducts.has(w)).map((w) => ({ term: w, similarity: 1 })),
          span: t,
          qualifying: false,
          variantOnly: true,
          ...(excluded ? { excluded } : {}),
        };
        lastSizeEnd = t.end;
        lastSizeExcluded = excluded;
      }
    } else {
      const s = stem(word.replace(/'/g, ""));
      const alias = Object.entries(SIZE_ALIASES).find(([, names]) => names.includes(word))?.[0];
      if (index.termProducts.has(s))
        term = { candidates: [{ term: s, similarity: 1 }], span: t, qualifying: !isStop(word), variantOnly: false };
      else if (alias && index.termProducts.has(alias))
        term = { candidates: [{ term: alias, similarity: 1 }], span: t, qualifying: false, variantOnly: true };
      else if (word.includes("-") && !/\d/.test(word)) {
        // "deet-free": its parts, when they are words (a SKU-like "app-146-m" is not split into sizes).
        const parts = word
          .split("-")
          .filter((p) => p.length >= 3 && !isStop(p))
          .map(stem)
          .filter((p) => index.termProducts.has(p));
        if (parts.length)
          term = {
            candidates: parts.map((p) => ({ term: p, similarity: 1 })),
            span: t,
            qualifying: true,
            variantOnly: false,
          };
      } else if (!isStop(word) && s.length >= 5 && !/\d/.test(s)) {
        const fuzzy = fuzzyTerm(index, s);
        if (fuzzy.length) term = { candidates: fuzzy, span: t, qualifying: true, variantOnly: false };
      }
    }
    // A colour or measurement set apart is kept like a size ("but leave the 6'9\" alone", "not the navy"):
    // narrowVariants only reads the words that are not the product's title.
    if (term && !term.variantOnly && !term.excluded) {
      const keptBefore = KEPT_BEFORE.test(text.slice(Math.max(0, t.start - 24), t.start));
      if (keptBefore || KEPT_AFTER.test(text.slice(t.end))) term.excluded = true;
    }
    if (term) out.push(term);
    previousMatched = Boolean(term);
  }
  return out;
}

const EMPTY: ProductSearch = { matches: [], ambiguous: false, spans: [] };

/** Products the text names, ranked; ambiguous when several fit equally well. */
export function findProducts(text: string, index: CatalogIndex): ProductSearch {
  const terms = queryTerms(text, index);
  const qualifying = terms.filter((t) => t.qualifying);
  if (qualifying.length === 0) return EMPTY;
  const weightOf = (t: QueryTerm) => Math.max(...t.candidates.map((c) => (index.idf.get(c.term) ?? 0) * c.similarity));
  const total = qualifying.reduce((s, t) => s + weightOf(t), 0);
  const touched = new Set<number>();
  for (const t of qualifying)
    for (const c of t.candidates) for (const i of index.termProducts.get(c.term) ?? []) touched.add(i);

  // Coverage (all matched words, command-like ones such as "show" included) breaks ties between
  // "Riding Gloves" and "Winter Riding Gloves" for "riding gloves".
  const named = new Set(terms.flatMap((t) => t.candidates.map((c) => c.term)));
  const scored: { i: number; score: number; coverage: number }[] = [];
  for (const i of touched) {
    const product = index.products[i];
    let hit = 0;
    for (const t of qualifying) {
      let best = 0;
      for (const c of t.candidates)
        if (product.allTerms.has(c.term)) best = Math.max(best, (index.idf.get(c.term) ?? 0) * c.similarity);
      hit += best;
    }
    const score = total > 0 ? hit / total : 0;
    if (score < 0.5) continue;
    let covered = 0;
    for (const w of product.titleTerms) if (named.has(w)) covered += index.idf.get(w) ?? 0;
    scored.push({ i, score, coverage: product.titleWeight > 0 ? covered / product.titleWeight : 0 });
  }
  if (scored.length === 0) return EMPTY;
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.coverage - a.coverage ||
      index.products[a.i].title.localeCompare(index.products[b.i].title),
  );
  const best = scored[0].score;
  let top = scored.filter((s) => s.score >= best - 0.02);
  let ambiguous = top.length > 1 && top[0].coverage - top[1].coverage < 0.25;
  const matchOf = (s: { i: number; score: number; coverage: number }): ProductMatch => {
    const product = index.products[s.i];
    return {
      productId: product.productId,
      title: product.title,
      score: s.score,
      coverage: s.coverage,
      ...narrowVariants(product, terms),
    };
  };
  // A variant word that only one of the tied products has ("grey") settles it.
  if (ambiguous) {
    const narrowedOnly = top.filter((s) => matchOf(s).narrowed);
    if (narrowedOnly.length === 1) {
      top = narrowedOnly;
      ambiguous = false;
    }
  }
  const chosen = ambiguous ? top : [top[0]];
  const matches = (ambiguous ? top : [top[0], ...scored.filter((s) => s !== top[0]).slice(0, 5)]).map(matchOf);
  // Only the words that name the chosen product(s): a number that is some other product's size
  // ("25" of a $25 gift card) stays a number.
  const names = (t: QueryTerm) =>
    chosen.some((c) => t.candidates.some((cand) => index.products[c.i].allTerms.has(cand.term)));
  const spans = terms.filter(names).map((t) => t.span);
  return {
    matches,
    ambiguous,
    spans: [
      ...spans,
      ...titleNumbers(
        text,
        spans,
        chosen.map((c) => index.products[c.i]),
      ),
    ],
  };
}

/**
 * Numbers that belong to the name next to them: the "7" of "7 Shakra Bracelet", the "2" of "Hoodie 2".
 * A number the title holds, right before or after a word that named the product, is part of the
 * name and never a price or a quantity.
 */
function titleNumbers(text: string, named: Span[], products: IndexedProduct[]): Span[] {
  const titles = products.map((p) => tokens(p.title.toLowerCase()).map((t) => t.word));
  if (named.length === 0 || !titles.some((words) => words.some((w) => /^\d/.test(w)))) return [];
  const toks = tokens(text);
  const isNamed = (t: { start: number } | undefined) => Boolean(t && named.some((s) => s.start === t.start));
  // The same neighbour as in the title ("7 shakra" in "7 Shakra Bracelet"; not the "2" of "2 salt licks"
  // for "Salt Lick 2 kg"), compared by their first letters so that plurals and typos still match.
  const alike = (a: string | undefined, b: string | undefined) => Boolean(a && b && a.slice(0, 4) === b.slice(0, 4));
  return toks.filter(
    (t, i) =>
      /^\d/.test(t.word) &&
      titles.some((words) =>
        words.some(
          (w, j) =>
            w === t.word &&
            ((isNamed(toks[i + 1]) && alike(words[j + 1], toks[i + 1].word)) ||
              (isNamed(toks[i - 1]) && alike(words[j - 1], toks[i - 1].word))),
        ),
      ),
  );
}

function narrowVariants(product: IndexedProduct, terms: QueryTerm[]): { variants: CatalogEntry[]; narrowed: boolean } {
  const all = product.variants.map((v) => v.entry);
  if (product.variants.length <= 1) return { variants: all, narrowed: false };
  const wordsOf = (list: QueryTerm[]) =>
    list
      .map((t) => t.candidates.map((c) => c.term).filter((c) => !product.titleSet.has(c)))
      .filter((c) => c.length > 0);
  // Sizes set apart ("the S stays like now") are never changed, whatever else is named.
  const kept = wordsOf(terms.filter((t) => t.excluded));
  const candidates = product.variants.filter(
    (v) => !kept.some((alternatives) => alternatives.some((c) => v.terms.has(c))),
  );
  if (candidates.length === 0) return { variants: all, narrowed: false };
  const variantWords = wordsOf(terms.filter((t) => !t.excluded));
  if (variantWords.length === 0)
    return { variants: candidates.map((v) => v.entry), narrowed: candidates.length < all.length };
  const counts = candidates.map(
    (v) => variantWords.filter((alternatives) => alternatives.some((c) => v.terms.has(c))).length,
  );
  const max = Math.max(0, ...counts);
  if (max === 0) return { variants: candidates.map((v) => v.entry), narrowed: candidates.length < all.length };
  const variants = candidates.filter((_, i) => counts[i] === max).map((v) => v.entry);
  return { variants, narrowed: variants.length < all.length };
}

// ---------------------------------------------------------------------------------------------
// SKUs

export interface SkuMention extends Span {
  token: string;
  entries: CatalogEntry[];
  how: "exact" | "prefix" | "compact" | "fuzzy" | "unknown";
}

const MEASURE = /^\d+(?:\.\d+)?(?:ft\d+|in|kg|g|ml|l|lb|oz|d|h)$/;
/** A count joined to its unit: "21-day" lead time, "3-month" window, "12-pack": never a SKU. */
const HYPHENATED_MEASURE =
  /^\d+(?:\.\d+)?-(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|minutes?|mins?|units?|pieces?|packs?|pairs?|percent|pct|inch(?:es)?|kg|g|l|ml|litres?|liters?)$/;
const looksLikeSku = (word: string) =>
  /\d/.test(word) &&
  /[a-z]/.test(word) &&
  !MEASURE.test(word) &&
  !HYPHENATED_MEASURE.test(word) &&
  (word.includes("-") || word.length >= 5) &&
  !/^q[1-4]$/.test(word);

/** SKUs in the text: exact, a SKU prefix naming a product's variants, without dashes, or misspelt. */
export function findSkus(text: string, index: CatalogIndex): SkuMention[] {
  const out: SkuMention[] = [];
  for (const t of tokens(text)) {
    const word = t.word;
    const exact = index.skuExact.get(word);
    if (exact) {
      out.push({ ...t, token: word, entries: [exact], how: "exact" });
      continue;
    }
    if (!looksLikeSku(word) && !(word.includes("-") && index.skusSorted.length > 0 && startsAny(index, `${word}-`)))
      continue;
    const prefixed = prefixMatches(index, `${word}-`);
    if (prefixed.length) {
      out.push({ ...t, token: word, entries: prefixed, how: "prefix" });
      continue;
    }
    const compacted = index.skuCompact.get(compact(word));
    if (compacted) {
      out.push({ ...t, token: word, entries: compacted, how: "compact" });
      continue;
    }
    const near = nearestSku(index, compact(word));
    out.push(
      near
        ? { ...t, token: word, entries: index.skuCompact.get(near)!, how: "fuzzy" }
        : { ...t, token: word, entries: [], how: "unknown" },
    );
  }
  return out;
}

/**
 * The one SKU within a small edit distance of a misspelt one ("grm142red" -> "grm142rd"). A bounded
 * edit distance over the SKUs sharing the first two characters is exact and takes microseconds,
 * where a fuzzy search over every SKU of a large catalogue takes milliseconds.
 */
function nearestSku(index: CatalogIndex, key: string): string | null {
  const max = key.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = max + 1;
  let tie = false;
  for (const candidate of index.skuBuckets.get(key.slice(0, 2)) ?? []) {
    const d = editDistance(key, candidate, max);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return best && !tie ? best : null;
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const startsAny = (index: CatalogIndex, prefix: string) =>
  index.skusSorted[lowerBound(index.skusSorted, prefix)]?.startsWith(prefix) ?? false;
function prefixMatches(index: CatalogIndex, prefix: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (
    let i = lowerBound(index.skusSorted, prefix);
    i < index.skusSorted.length && index.skusSorted[i].startsWith(prefix);
    i++
  )
    out.push(index.skuExact.get(index.skusSorted[i])!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers

export interface NumberMention extends Span {
  value: number;
  kind: "money" | "percent" | "number";
  /** The word before it ("by", "to", "at", ...), if any. */
  before: string;
  /** The word after it ("days", "units", "off", ...), if any. */
  after: string;
}

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;
const NUMBER_RE = new RegExp(
  String.raw`(?:(?:\$|usd\s?|us\$|£|€|eur\s?|gbp\s?)\s*(${NUMBER}))|(?:(${NUMBER})(?:\s*(%|percent\b|per cent\b|pct\b|dollars?\b|bucks\b|usd\b|eur\b|euros?\b|gbp\b|pounds?\b|quid\b|cents?\b|pence\b|p\b))?)`,
  "g",
);

/** Every number with its kind: "$25", "25 dollars" (money), "10%", "10 percent" (percent), "40" (number). */
export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  NUMBER_RE.lastIndex = 0;
  for (let m = NUMBER_RE.exec(text); m; m = NUMBER_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const raw = m[1] ?? m[2];
    // Part of a word or code ("q3", "1kg", "spring20", "#1042"): not a quantity.
    const prev = text[start - 1];
    const next = text[end];
    if ((prev && /[a-z0-9#_-]/.test(prev) && !/^[$£€]/.test(m[0])) || (next && /[a-z0-9_]/.test(next) && !m[3]))
      continue;
    if (prev === "-" || (next === "-" && /\d/.test(text[end + 1] ?? ""))) continue;
    const unit = m[3] ?? "";
    // "50 cents", "99p": money in hundredths.
    const hundredths = /^(cent|pence|p$)/.test(unit);
    const kind: NumberMention["kind"] =
      m[1] !== undefined || hundredths || /^(dollar|buck|usd|eur|euro|gbp|pound|quid)/.test(unit)
        ? "money"
        : unit
          ? "percent"
          : "number";
    const before = /([a-z=]+)\W*$/.exec(text.slice(Math.max(0, start - 16), start))?.[1] ?? "";
    const after = /^\W*([a-z%]+)/.exec(text.slice(end, end + 16))?.[1] ?? "";
    const value = Number(raw.replace(/,/g, ""));
    out.push({ start, end, value: hundredths ? Math.round(value) / 100 : value, kind, before, after });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Orders, tickets, alerts, codes

/** "#1042", "order 1042", "order number 1042" -> "#1042". */
export function findOrderName(text: string): (Span & { name: string }) | null {
  // Also a bare number of four or more digits after an order action: "hold 6022", "release 6023".
  const m =
    /(?:^|[^\w&])#\s?(\d{3,10})\b|\border\s*(?:number|no\.?|num|nr)?\s*#?\s*(\d{3,10})\b|\b(?:hold|unhold|release|ship|fulfil\w*|dispatch|route|(?:fraud|risk)\s+(?:check|score|scan)(?:\s+(?:on|for))?)\s+(\d{4,10})\b(?!\s*(?:units?|items?|pcs|pieces|%|percent|dollars?|days?))/.exec(
      text,
    );
  if (m) return { start: m.index, end: m.index + m[0].length, name: `#${m[1] ?? m[2] ?? m[3]}` };
  // "put that order on hold ... it's 1244", "check that order, the number is 1244": the answer to "which order?"
  // in a message about an order.
  const told = /\border\b/.test(text)
    ? /\b(?:it'?s|it is|that'?s|that is|its|number(?: is)?|no\.?|nr|num)\s+#?(\d{4,10})\b(?!\s*(?:units?|items?|pcs|pieces|%|percent|dollars?|pounds?|quid|days?|weeks?|months?|orders?|customers?|products?))/.exec(
        text,
      )
    : null;
  if (told) return { start: told.index, end: told.index + told[0].length, name: `#${told[1]}` };
  // "payment for 1101 has cleared, release the hold": a bare number in a message about an order's fate.
  if (
    !/\b(?:hold|unhold|release|fraud|risky?|ship(?:ping|ped)?|fulfil\w*|dispatch\w*|payment|paid|go(?:ing)? out|send|let (?:it|her|him|them) go|warehouse|location|rout(?:e|ing)|dodgy|sketchy|suspicious)\b/.test(
      text,
    )
  )
    return null;
  const bare =
    // "don't send the 1231 until I check": after "the" too, unless it reads as a year.
    /\b(?:for|on|of|with|the(?!\s+(?:19|20)\d\d\b))\s+(\d{4,10})\b(?!\s*(?:units?|items?|pcs|pieces|%|percent|dollars?|pounds?|quid|days?|weeks?|months?|orders?|customers?|products?))/.exec(
      text,
    ) ??
    // "where should 1190 ship from", "ok 1188 is fine, let it go out": the number is what ships.
    /(?:^|\s)(?:ok\s+|so\s+|and\s+)?(\d{4,10})\s+(?=(?:ship|go|be|is|looks?|seems?|can|should|needs?)\b)/.exec(text) ??
    // "hold the order, looks dodgy" + the answer "1266" to "which order?": a number ending the message, not a year.
    /(?:^|\s)(?<!\b(?:in|until|till|since|by|before|after|of|from|to|year|for|was|paid|costs?|about|around|over|under|than|only|total|at|spent|worth)\s+)(?:it'?s\s+|order\s+)?(\d{4,10})[\s.!]*$/.exec(
      text,
    );
  return bare ? { start: bare.index, end: bare.index + bare[0].length, name: `#${bare[1]}` } : null;
}

const ID_PATTERNS = new Map<string, RegExp>();
function findId(text: string, noun: string): (Span & { id: string }) | null {
  let re = ID_PATTERNS.get(noun);
  if (!re)
    ID_PATTERNS.set(
      noun,
      (re = new RegExp(String.raw`\b${noun}s?\s*(?:id\s*|number\s*|no\.?\s*)?[:#]?\s*([a-z0-9][a-z0-9_-]{2,40})\b`)),
    );
  const m = re.exec(text);
  // Ids carry digits (cuid); "alert about" or "ticket status" are words, not ids.
  if (!m || !/\d/.test(m[1])) return null;
  const start = m.index + m[0].lastIndexOf(m[1]);
  return { start: m.index, end: start + m[1].length, id: m[1] };
}
/** "ticket cm4x...", "ticket #cm4x...", "escalate cm4x..." -> the ticket's id. */
export function findTicketId(text: string): (Span & { id: string }) | null {
  const found = findId(text, "ticket");
  if (found) return found;
  // "I've dealt with alert cm7..., close it off": an alert's id is never a ticket's.
  const alertId = findAlertId(text)?.id;
  // An id right after a ticket action, without the word "ticket".
  const m =
    /\b(?:escalate|de-?escalate|close|reopen|re-open|solve|resolve|assign|reassign|mark|flag|hand|pass|answer|reply to|respond to)\s+#?([a-z][a-z0-9]{9,40})\b/.exec(
      text,
    );
  if (m && /\d/.test(m[1]) && m[1] !== alertId) {
    const start = m.index + m[0].lastIndexOf(m[1]);
    return { start, end: start + m[1].length, id: m[1] };
  }
  // A bare record id (a cuid: "c", then letters and several digits) in a message about replying to
  // or handling a ticket: "reply suggestion for cm8...", "draft an answer for cm8...".
  if (!TICKET_CONTEXT.test(text)) return null;
  for (const id of text.matchAll(/(?:^|[\s#:(])(c[a-z0-9]{9,40})\b/g)) {
    if ((id[1].match(/\d/g)?.length ?? 0) < 3 || !/[a-z].*[a-z].*[a-z]/.test(id[1].slice(1)) || id[1] === alertId)
      continue;
    const start = id.index + id[0].length - id[1].length;
    return { start, end: start + id[1].length, id: id[1] };
  }
  return null;
}
const TICKET_CONTEXT =
  /\b(repl(?:y|ies|ied)|respond|response|answer|draft|write|compose|prepare|suggest\w*|(?:re-?)?assign\w*|hand(?:ed)?|pass(?:ed)?|escalate|priority|prioriti[sz]e|urgent|mark|flag|pending|solved?|resolved?|reopen|close|customer)\b/;
/** "alert cm5..." -> the alert's id. */
export function findAlertId(text: string): (Span & { id: string }) | null {
  const found = findId(text, "alert");
  if (found) return found;
  // "snooze cm9... 3 days", "ack cm9...": a record id right after a decision only alerts take.
  const m = /\b(?:snooze|mute|silence|acknowledge|ack)\s+#?(c[a-z0-9]{9,40})\b/.exec(text);
  if (!m || (m[1].match(/\d/g)?.length ?? 0) < 3) return null;
  const start = m.index + m[0].lastIndexOf(m[1]);
  return { start, end: start + m[1].length, id: m[1] };
}

const CODE_STOP = new Set([
  ...COMMON_WORDS,
  ...KEYWORDS,
  "off",
  "percent",
  "dollars",
  "valid",
  "expires",
  "ending",
  "starting",
  "customers",
  "customer",
  "uses",
  "use",
  "code",
  "codes",
  "coupon",
  "voucher",
  "promo",
  "discount",
  "called",
  "named",
]);
const CODE_SHAPE = /^[a-z0-9][a-z0-9_-]{2,29}$/;

const ACRONYMS = new Set([
  "SKU",
  "SKUS",
  "USD",
  "EUR",
  "GBP",
  "VIP",
  "VIPS",
  "AOV",
  "CLV",
  "LTV",
  "RFM",
  "GDPR",
  "CCPA",
  "MCP",
  "API",
  "PO",
  "POS",
  "ROI",
  "KPI",
  "KPIS",
  "FAQ",
  "ASAP",
  "OK",
  "AIRA",
  "SEO",
  "ID",
  "US",
  "UK",
  "EU",
]);

/**
 * A discount code named in the text ("code SPRING20", "coupon called TENOFF", "the WELCOME10 code"),
 * upper-cased. `raw` (the message as typed) lets an all-capitals word count as a code too.
 */
export function findDiscountCode(
  text: string,
  raw?: string,
  isSku: (token: string) => boolean = () => false,
): (Span & { code: string }) | null {
  const patterns = [
    /\b(?:discount|promo|coupon|voucher)?\s*(?:code|coupon|voucher)\s+(?:code\s+)?(?:called\s+|named\s+|of\s+|is\s+|:\s*)?["']?([a-z0-9][a-z0-9_-]{2,29})\b/g,
    /\b(?:called|named)\s+["']?([a-z0-9][a-z0-9_-]{2,29})\b/g,
    /\b(?:the\s+)?([a-z0-9][a-z0-9_-]{2,29})\s+(?:discount\s+|promo\s+)?(?:code|coupon)\b/g,
    // "the WELCOME10 campaign": a word with digits before "campaign", "promotion" or "discount".
    /\b(?:the\s+)?([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\s+(?:campaign|promo(?:tion)?|discount|sale)\b/g,
    // "discount NEWYEAR26 25% off": a word with digits right after "discount" or "promo".
    /\b(?:discount|promo(?:tion)?)\s+["']?([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\b/g,
    /\b(?:used|redeemed|redemptions of|uses of|results of|results for|use of)\s+(?:the\s+)?(?:code\s+)?([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\b/g,
    // "how did welcome10 do", "welcome10 results": a word with digits the question is about.
    /\bhow (?:did|is|was|are|has)\s+(?:the\s+)?([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\b/g,
    // "did SUMMER10 actually do anything", "has BF25 worked": a word with digits whose effect is asked about.
    /\b(?:did|does|has|have)\s+(?:the\s+)?([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\s+(?:\w+\s+)?(?:do|done|work|worked|help|helped|pay off|paid off|perform|performed|bring|brought|make|made)\b/g,
    /\b([a-z][a-z0-9_-]*\d[a-z0-9_-]*)\s+(?:perform\w*|results?|redemptions?|uses|usage|uptake|roi)\b/g,
    // Letters and digits together after "code" ("promo code for the weekend: wknd10").
    /\b(?:code|coupon|voucher)\b.*?\b((?:[a-z]+\d|\d+[a-z])[a-z0-9_-]*)\b/g,
  ];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const word = m[1];
      if (!CODE_SHAPE.test(word) || CODE_STOP.has(word) || /^\d+(?:st|nd|rd|th)?$/.test(word) || MEASURE.test(word))
        continue;
      if (re === patterns[2] && !/\d/.test(word) && (STOP.has(word) || word.length < 4)) continue;
      const start = m.index + m[0].lastIndexOf(word);
      return { start, end: start + word.length, code: word.toUpperCase() };
    }
  }
  // An all-capitals word typed by the merchant next to "code" / "coupon" ("create coupon FREESHIP"),
  // or one with digits in a message about an amount off ("create OLYMPIA20 for 20% off"); not a SKU.
  const aboutCode = /\b(code|coupon|voucher|promo|discount)\b/.test(text);
  const aboutOff =
    /\d\s*(?:%|percent)\s*off\b|[$£€]\s?\d+(?:\.\d+)?\s*off\b|\b\d+\s*(?:dollars?|pounds?|quid|bucks)\s+off\b/.test(
      text,
    );
  if (raw && (aboutCode || aboutOff)) {
    for (const m of raw.matchAll(/\b[A-Z][A-Z0-9_-]{2,29}\b/g)) {
      if (ACRONYMS.has(m[0]) || isSku(m[0]) || (!aboutCode && !/\d/.test(m[0]))) continue;
      const start = text.indexOf(m[0].toLowerCase());
      if (start >= 0) return { start, end: start + m[0].length, code: m[0] };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Agents

const AGENT_ALIASES: [RegExp, string][] = [
  [
    /\b(store[- ]?sync|sync|re-?sync|synchroni[sz]e|import (?:products|orders|data)|refresh (?:the )?(?:data|mirror|store)|pull (?:in )?(?:fresh |new |the latest |latest )?(?:data|products|orders))\b/,
    "store-sync",
  ],
  [
    /\b(inventory[- ]forecasting|inventory|forecasting|forecast(?:er|s)?|stock|replenishment|purchasing)\b/,
    "inventory-forecasting",
  ],
  [/\b(pricing[- ]optimi[sz]er|price optimi[sz]er|pricing|repricing|prices?)\b/, "pricing-optimizer"],
  [/\b(product[- ]research|research|trends?|trending)\b/, "product-research"],
  [/\b(order[- ]fulfil?ment|fulfil?ment|fraud|risk|orders?)\b/, "order-fulfillment"],
  [/\b(finance[- ]monitor|finance|financial|revenue monitor|anomal(?:y|ies))\b/, "finance-monitor"],
  [/\b(marketing|campaigns?)\b/, "marketing"],
  [/\b(support|help ?desk|customer service|tickets?)\b/, "support"],
  [/\b(security[- ]monitor|security|secure|audit)\b/, "security-monitor"],
];

const AGENT_PATTERNS = new Map<string, RegExp>();

const RUN_ONLY =
  /^(?:please |pls |can you |could you |now )?(?:run|start|launch|trigger|kick off|fire up|spin up|boot up|rerun|re-run|restart|execute)\s+(?:the\s+|a\s+|an\s+|our\s+|my\s+)?(.+?)(?:\s+(?:agent|bot|job|again|now|please|for me))*[\s.!?]*$/;

/**
 * Whether the whole message is "run" and an agent's alias ("run stock forecasting", "start pricing"):
 * every word after the verb names the agent, so it is not a request to forecast or to price.
 */
export function runsAgentByAlias(text: string, agents: string[]): boolean {
  const m = RUN_ONLY.exec(text);
  if (!m || m[1].split(" ").length > 4) return false;
  const found = findAgent(m[1], agents);
  if (!found.agent) return false;
  let rest = m[1];
  for (const [re] of AGENT_ALIASES) rest = rest.replace(new RegExp(re.source, "g"), " ");
  return rest.replace(/[\s-]+/g, "") === "";
}
/** The agent a text names: its exact name, a spaced form ("pricing optimizer") or a known alias. */
export function findAgent(text: string, agents: string[]): { agent: string | null; unknownAlias: string | null } {
  for (const name of agents) {
    const spaced = name.replace(/-/g, "[- ]?");
    let re = AGENT_PATTERNS.get(spaced);
    if (!re) AGENT_PATTERNS.set(spaced, (re = new RegExp(`\\b${spaced}\\b`)));
    if (re.test(text)) return { agent: name, unknownAlias: null };
  }
  for (const [re, name] of AGENT_ALIASES) {
    const m = re.exec(text);
    if (m) return agents.includes(name) ? { agent: name, unknownAlias: null } : { agent: null, unknownAlias: m[0] };
  }
  return { agent: null, unknownAlias: null };
}
