/**
 * Markdown for guides: rendered with marked, then sanitised with sanitize-html against a short
 * allow-list, so script or event handlers written into a guide never reach a reader. Also the
 * plain text and the folded form the search index uses.
 */
import { marked } from "marked";
import sanitizeHtml from "sanitize-html";

const allowed: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "h3", "h4", "blockquote", "a", "code", "hr"],
  allowedAttributes: { a: ["href"], ol: ["start"] },
  allowedSchemes: ["https", "http", "mailto", "tel"],
  allowProtocolRelative: false,
  // headings inside a section sit under its h2
  transformTags: { h1: "h3", h2: "h3", h5: "h4", h6: "h4" },
};

const cache = new Map<string, string>();

/** Safe HTML for a Markdown body. Cached by text: guides are read far more often than written. */
export function renderMarkdown(markdown: string): string {
  let html = cache.get(markdown);
  if (html === undefined) {
    html = sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }) as string, allowed);
    if (cache.size > 2000) cache.clear();
    cache.set(markdown, html);
  }
  return html;
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

/** The words of an HTML fragment, without markup. */
export function htmlText(html: string): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => entities[m] ?? m).replace(/\s+/g, " ").trim();
}

/** The words of a Markdown body, without markup. */
export const plainText = (markdown: string) => htmlText(marked.parse(markdown, { async: false }) as string);

/**
 * Text folded for search, the same way for what is indexed and what is asked: lower case, Latin
 * diacritics removed (operatör = operator), Arabic vowel marks and tatweel removed, hamza forms of
 * alef to bare alef, Arabic and Persian forms of yeh and kaf made one, teh marbuta as heh.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/\u0640/g, "")
    .replace(/[\u0671\u0622\u0623\u0625]/g, "\u0627")
    .replace(/[\u064A\u0649]/g, "\u06CC")
    .replace(/\u0643/g, "\u06A9")
    .replace(/\u0629/g, "\u0647")
    .toLowerCase();
}

/** The words of a search query, folded; at most eight. */
export function searchTerms(query: string): string[] {
  return foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}
