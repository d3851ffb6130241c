/**
 * Subtitles for campaign films: WebVTT is what browsers play; SRT (what most editors export) is
 * turned into WebVTT. Both are checked with a real WebVTT parser (webvtt-parser, from the W3C's
 * validator), so a broken file is refused with the line that is wrong instead of failing silently
 * in the player.
 */
import webvtt from "webvtt-parser";

export type SubtitleResult = { ok: true; vtt: string; cues: number } | { ok: false; reason: "empty" | "notSubtitles" | "invalid"; line?: number; message?: string };

const MAX_BYTES = 2 * 1024 * 1024;
const SRT_TIMING = /^(\d{1,2}:\d{2}:\d{2}),(\d{3}) --> (\d{1,2}:\d{2}:\d{2}),(\d{3})/;

/** SRT → WebVTT: the header, and decimal points instead of commas in the timings. */
export function srtToVtt(srt: string) {
  const lines = srt
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .trim()
    .split("\n")
    .map((line) => line.replace(SRT_TIMING, (_m, a, ams, b, bms) => `${a.padStart(8, "0")}.${ams} --> ${b.padStart(8, "0")}.${bms}`));
  return `WEBVTT\n\n${lines.join("\n")}\n`;
}

/** Reads an uploaded subtitle file (SRT or WebVTT, UTF-8) and returns valid WebVTT, or why not. */
export function toWebVtt(bytes: Buffer): SubtitleResult {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_BYTES || bytes.includes(0)) return { ok: false, reason: "notSubtitles" };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  const isVtt = /^WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(text);
  const isSrt = !isVtt && /^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{3} --> /.test(text);
  if (!isVtt && !isSrt) return { ok: false, reason: "notSubtitles" };
  const vtt = isVtt ? text.replace(/\r\n?/g, "\n") : srtToVtt(text);
  const parsed = new webvtt.WebVTTParser().parse(vtt, "subtitles");
  if (parsed.errors.length) {
    const first = parsed.errors[0];
    // line numbers in the user's own file: the SRT had no two-line header
    return { ok: false, reason: "invalid", line: isVtt ? first.line : Math.max(1, first.line - 2), message: first.message };
  }
  if (!parsed.cues.length) return { ok: false, reason: "empty" };
  return { ok: true, vtt, cues: parsed.cues.length };
}
