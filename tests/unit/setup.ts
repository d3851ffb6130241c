import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Each test file gets its own copy of the migrated, seeded template database and its own DATA_DIR.
const root = inject("unitRoot");
const dir = fs.mkdtempSync(path.join(root, "file-"));
fs.copyFileSync(path.join(root, "template.sqlite"), path.join(dir, "vagval.sqlite"));
process.env.DATA_DIR = dir;
process.env.NODE_ENV = "test";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
process.env.MAIL_TRANSPORT = "log";
process.env.STORAGE_DRIVER = "local";
process.env.DEMO_MODE = "true";
delete process.env.DATABASE_FILE;
