// webvtt-parser ships no types: the part of its API that app/films/subtitles.server.ts uses.
declare module "webvtt-parser" {
  interface ParseResult {
    cues: { id: string; startTime: number; endTime: number; text: string }[];
    errors: { message: string; line: number; col?: number }[];
  }
  const webvtt: { WebVTTParser: new () => { parse(input: string, mode?: "subtitles" | "metadata"): ParseResult } };
  export default webvtt;
}
