import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, parseEnv } from "~/env.server";

test("no variables at all gives the embedded defaults", () => {
  const env = parseEnv({});
  expect(env.PORT).toBe(3000);
  expect(env.DATA_DIR).toBe(path.resolve("./data"));
  expect(env.DATABASE_FILE).toBe(path.resolve("./data/vagval.sqlite"));
  expect(env.MEDIA_DIR).toBe(path.resolve("./data/media"));
  expect(env.MAIL_TRANSPORT).toBe("log");
  expect(env.STORAGE_DRIVER).toBe("local");
  expect(env.DEMO_MODE).toBe(true);
});

test("demo mode is off in production unless asked for", () => {
  expect(parseEnv({ NODE_ENV: "production" }).DEMO_MODE).toBe(false);
  expect(parseEnv({ NODE_ENV: "production", DEMO_MODE: "true" }).DEMO_MODE).toBe(true);
});

test.each([
  [{ PORT: "abc" }, /^Configuration error: PORT must be a port number \(got "abc"\)$/],
  [{ PORT: "70000" }, /^Configuration error: PORT /],
  [{ MAIL_TRANSPORT: "pigeon" }, /^Configuration error: MAIL_TRANSPORT must be log or smtp/],
  [{ MAIL_TRANSPORT: "smtp" }, /^Configuration error: SMTP_URL is required when MAIL_TRANSPORT=smtp$/],
  [{ SMTP_URL: "http://x" }, /^Configuration error: SMTP_URL must start with smtp:\/\//],
  [{ STORAGE_DRIVER: "s3", S3_ACCESS_KEY_ID: "a", S3_SECRET_ACCESS_KEY: "b" }, /^Configuration error: S3_BUCKET is required/],
  [{ PUBLIC_URL: "not a url" }, /^Configuration error: PUBLIC_URL must be a URL/],
  [{ SESSION_SECRET: "short" }, /^Configuration error: SESSION_SECRET must be at least 32 characters/],
  [{ DEMO_MODE: "yes" }, /^Configuration error: DEMO_MODE must be true or false/],
  [{ MAX_BODY_BYTES: "lots" }, /^Configuration error: MAX_BODY_BYTES must be a number of bytes/],
  [{ TRUST_PROXY: "maybe" }, /^Configuration error: TRUST_PROXY must be true or false/],
])("%o is refused with one readable line naming it", (vars, message) => {
  expect(() => parseEnv(vars)).toThrow(ConfigError);
  try {
    parseEnv(vars);
  } catch (error) {
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  }
});

test("the app stops at start-up with that one line when a variable is malformed", () => {
  const run = spawnSync("npx", ["tsx", "db/migrate.ts"], {
    env: { ...process.env, PORT: "not-a-port" },
    encoding: "utf8",
  });
  expect(run.status).toBe(1);
  const lines = run.stderr.split("\n").filter((l) => l.trim() && !l.startsWith("npm warn"));
  expect(lines).toEqual(['Configuration error: PORT must be a port number (got "not-a-port")']);
});
