/**
 * The parts of film processing that need no upload (groundwork for the media issue): ffprobe's
 * facts and a poster frame from a real film made by ffmpeg here, a corrupt file refused with a
 * reason, and subtitles — SRT turned into WebVTT, both checked by a real WebVTT parser.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import webvtt from "webvtt-parser";
import { ffmpegAvailable, posterFrame, probeFilm, ProbeError } from "~/films/probe.server";
import { srtToVtt, toWebVtt } from "~/films/subtitles.server";

let dir: string;
let film: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-film-"));
  film = path.join(dir, "film.mp4");
  // five seconds of test picture and tone, as the e2e journey will use
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=duration=5:size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=5", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", film]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("ffprobe and ffmpeg", () => {
  test("ffmpeg is installed here (the test script installs it)", async () => {
    expect(await ffmpegAvailable()).toBe(true);
  });

  test("a film's duration, size and codecs", async () => {
    const facts = await probeFilm(film);
    expect(facts.durationSeconds).toBeGreaterThan(4.9);
    expect(facts.durationSeconds).toBeLessThan(5.2);
    expect([facts.width, facts.height]).toEqual([640, 360]);
    expect(facts.videoCodec).toBe("h264");
    expect(facts.audioCodec).toBe("aac");
    expect(facts.container).toContain("mp4");
  });

  test("a poster frame is a real JPEG of the film's size", async () => {
    const jpeg = await posterFrame(film, 1.5);
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([640, 360]);
  });

  test("a corrupt film is refused with a reason, and so is a picture pretending to be one", async () => {
    const corrupt = path.join(dir, "corrupt.mp4");
    fs.writeFileSync(corrupt, Buffer.concat([fs.readFileSync(film).subarray(0, 64), Buffer.alloc(4096, 7)]));
    await expect(probeFilm(corrupt)).rejects.toBeInstanceOf(ProbeError);
    const text = path.join(dir, "notes.mp4");
    fs.writeFileSync(text, "det här är ingen film");
    await expect(probeFilm(text)).rejects.toMatchObject({ key: "films:errors.unreadable" });
  });

  test("a file name that looks like an option cannot change the command", async () => {
    const odd = path.join(dir, "-i");
    fs.copyFileSync(film, odd);
    expect((await probeFilm(odd)).width).toBe(640);
  });
});

describe("subtitles", () => {
  const srt = "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\nHej på er!\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,250\r\nمرحبا بكم\r\nrad två\r\n";

  test("SRT becomes WebVTT that a WebVTT parser reads back cue by cue", () => {
    const result = toWebVtt(Buffer.from(srt));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.cues).toBe(2);
    const parsed = new webvtt.WebVTTParser().parse(result.vtt, "subtitles");
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues.map((c) => [c.startTime, c.endTime, c.text])).toEqual([
      [1, 2.5, "Hej på er!"],
      [3, 4.25, "مرحبا بكم\nrad två"],
    ]);
    expect(srtToVtt("1\n0:00:01,000 --> 0:00:02,000\nx")).toContain("00:00:01.000 --> 00:00:02.000");
  });

  test("valid WebVTT passes as it is", () => {
    const vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHej\n";
    expect(toWebVtt(Buffer.from(vtt))).toEqual({ ok: true, vtt, cues: 1 });
  });

  test("broken, empty or foreign files are refused with the reason and the line", () => {
    expect(toWebVtt(Buffer.alloc(0))).toMatchObject({ ok: false, reason: "empty" });
    expect(toWebVtt(Buffer.from("WEBVTT\n"))).toMatchObject({ ok: false, reason: "empty" });
    expect(toWebVtt(Buffer.from("%PDF-1.7 ..."))).toMatchObject({ ok: false, reason: "notSubtitles" });
    expect(toWebVtt(Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]))).toMatchObject({ ok: false, reason: "notSubtitles" });
    const badVtt = toWebVtt(Buffer.from("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHej\n"));
    expect(badVtt).toMatchObject({ ok: false, reason: "invalid", line: 4 });
    const badSrt = toWebVtt(Buffer.from("1\n00:00:01,000 --> 00:00:02,000\nHej\n\n2\n00:00:03,000 -> 00:00:04,000\nDå\n"));
    expect(badSrt).toMatchObject({ ok: false, reason: "invalid" });
    if (!badSrt.ok) expect(badSrt.line).toBe(6);
  });
});
