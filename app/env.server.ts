import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

const url = z.string().url({ message: "must be a URL such as https://example.org" });

/**
 * Every variable Vägval reads. Each has an embedded default, so a fresh clone runs with none set;
 * README.md's configuration table mirrors this schema.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_FILE: z.string().min(1).optional(),
    PUBLIC_URL: url.default("http://localhost:3000"),
    SESSION_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
    DEMO_MODE: bool.optional(),
    INSECURE_COOKIES: bool.default(false),
    MAIL_TRANSPORT: z.enum(["log", "smtp"], { message: "must be log or smtp" }).default("log"),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, { message: "must start with smtp:// or smtps://" })
      .optional(),
    MAIL_FROM: z.string().min(3).default("Vägval <no-reply@vagval.localhost>"),
    STORAGE_DRIVER: z.enum(["local", "s3"], { message: "must be local or s3" }).default("local"),
    S3_ENDPOINT: url.optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_BUCKET: z.string().min(3).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // read by server.js itself; validated here so that a bad value stops the app at start-up too
    TRUST_PROXY: bool.default(false),
    S3_PUBLIC_ORIGIN: url.optional(),
    // with S3: public film bytes by a redirect to a presigned URL at S3_PUBLIC_ORIGIN instead of through the app
    FILM_PRESIGNED_REDIRECT: bool.default(false),
    MAX_BODY_BYTES: z.coerce.number({ message: "must be a number of bytes" }).int().min(1024).default(20 * 1024 * 1024),
    UPLOAD_EXPIRY_SECONDS: z.coerce.number({ message: "must be a number of seconds" }).int().min(1).default(7 * 24 * 3600),
    MAX_UPLOAD_BYTES: z.coerce.number({ message: "must be a number of bytes" }).int().min(1024).default(4 * 1024 ** 3),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  })
  .superRefine((env, ctx) => {
    if (env.MAIL_TRANSPORT === "smtp" && !env.SMTP_URL)
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
    if (env.STORAGE_DRIVER === "s3")
      for (const key of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const)
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when STORAGE_DRIVER=s3" });
  });

export type Env = z.infer<typeof envSchema> & {
  DEMO_MODE: boolean;
  DATABASE_FILE: string;
  MEDIA_DIR: string;
  SESSION_SECRET: string;
};

export class ConfigError extends Error {}

/** Parses a set of variables; throws a ConfigError whose message is one readable line. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "configuration");
    const got = cleaned[name];
    throw new ConfigError(
      `Configuration error: ${name} ${issue.message}${got !== undefined ? ` (got "${got}")` : ""}`,
    );
  }
  const env = result.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    ...env,
    DATA_DIR: dataDir,
    DEMO_MODE: env.DEMO_MODE ?? env.NODE_ENV !== "production",
    DATABASE_FILE: path.resolve(env.DATABASE_FILE ?? path.join(dataDir, "vagval.sqlite")),
    MEDIA_DIR: path.join(dataDir, "media"),
    SESSION_SECRET: env.SESSION_SECRET ?? "",
  };
}

/**
 * With no SESSION_SECRET set, a random one is kept in DATA_DIR so that sessions survive restarts
 * without any configuration.
 */
function ensureSecret(env: Env): Env {
  if (env.SESSION_SECRET) return env;
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  const file = path.join(env.DATA_DIR, "session-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
  return { ...env, SESSION_SECRET: fs.readFileSync(file, "utf8").trim() };
}

let cached: Env | undefined;
export function getEnv(): Env {
  if (cached) return cached;
  try {
    cached = ensureSecret(parseEnv(process.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  return cached;
}
