import fs from "node:fs";
import path from "node:path";

// Each test file gets its own copy of the migrated, seeded template database and its own DATA_DIR.
const dir = fs.mkdtempSync(path.join(path.resolve("tmp/unit"), "run-"));
fs.copyFileSync(path.resolve("tmp/unit/template.sqlite"), path.join(dir, "vagval.sqlite"));
process.env.DATA_DIR = dir;
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
process.env.MAIL_TRANSPORT = "log";
process.env.STORAGE_DRIVER = "local";
process.env.DEMO_MODE = "true";
delete process.env.DATABASE_FILE;
