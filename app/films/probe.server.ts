/**
 * What a film is, read by ffprobe, and its poster frame, drawn by ffmpeg (both from Debian's
 * ffmpeg package). Run as child processes without a shell, on a file path the app chose (never a
 * user's file name). When ffmpeg is not installed, `ffmpegAvailable()` says so and the upload page
 * asks for a poster image instead.
 */
import { execFile } from "node:child_process";

export class ProbeError extends Error {
  constructor(
    /** an i18n key: why the file cannot be used */
    public readonly key: string,
    detail?: string,
  ) {
    super(detail ?? key);
  }
}

export interface FilmFacts {
  durationSeconds: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string | null;
  container: string;
}

function run(command: string, args: string[], options: { maxBuffer?: number; encoding?: "buffer" | "utf8"; timeoutMs?: number } = {}) {
  return new Promise<{ stdout: Buffer; stderr: string }>((resolve, reject) => {
    execFile(command, args, { encoding: "buffer", maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: stderr.toString("utf8") }));
      else resolve({ stdout, stderr: stderr.toString("utf8") });
    });
  });
}

let available: Promise<boolean> | undefined;
export function ffmpegAvailable() {
  available ??= Promise.all([run("ffmpeg", ["-version"]), run("ffprobe", ["-version"])]).then(
    () => true,
    () => false,
  );
  return available;
}

/** Duration, size and codecs of a video file; a file that is not a playable video is refused with a reason. */
export async function probeFilm(path: string): Promise<FilmFacts> {
  let json: { streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[]; format?: { duration?: string; format_name?: string } };
  try {
    const { stdout } = await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", path]);
    json = JSON.parse(stdout.toString("utf8"));
  } catch (error) {
    throw new ProbeError("films:errors.unreadable", (error as { stderr?: string }).stderr?.split("\n")[0]);
  }
  const video = json.streams?.find((s) => s.codec_type === "video");
  const audio = json.streams?.find((s) => s.codec_type === "audio");
  const duration = Number(json.format?.duration);
  if (!video || !video.width || !video.height) throw new ProbeError("films:errors.noVideo");
  if (!Number.isFinite(duration) || duration <= 0) throw new ProbeError("films:errors.noDuration");
  return {
    durationSeconds: Math.round(duration * 1000) / 1000,
    width: video.width,
    height: video.height,
    videoCodec: video.codec_name ?? "unknown",
    audioCodec: audio?.codec_name ?? null,
    container: json.format?.format_name ?? "unknown",
  };
}

/** A JPEG of the frame at `atSeconds` (a third into the film by default), at most 1280 px wide. */
export async function posterFrame(path: string, atSeconds: number): Promise<Buffer> {
  try {
    const { stdout } = await run("ffmpeg", ["-v", "error", "-ss", String(Math.max(0, atSeconds)), "-i", path, "-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-f", "image2", "-c:v", "mjpeg", "-q:v", "3", "pipe:1"]);
    if (!stdout.length) throw new Error("no frame");
    return stdout;
  } catch (error) {
    throw new ProbeError("films:errors.noPoster", (error as { stderr?: string }).stderr?.split("\n")[0]);
  }
}
