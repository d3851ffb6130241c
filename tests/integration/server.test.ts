/**
 * The production server (server.js over the real build): security headers on every response,
 * a CSP nonce that matches the page's scripts, cookies, and the origin check on POST.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = 3900 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess;
let dataDir: string;

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vagval-server-"));
  const env = { ...process.env, DATA_DIR: dataDir, DEMO_MODE: "true", NODE_ENV: "production" } as NodeJS.ProcessEnv;
  execFileSync("npx", ["tsx", "db/migrate.ts"], { env, stdio: "ignore" });
  execFileSync("npx", ["tsx", "db/seed.ts"], { env, stdio: "ignore" });
  server = spawn("node", ["server.js"], { env: { ...env, PORT: String(PORT), VAGVAL_NO_WORKERS: "1" }, stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
});

afterAll(() => {
  server?.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("pages carry a nonce-based CSP and the other security headers", async () => {
  const res = await fetch(`${BASE}/`);
  const csp = res.headers.get("content-security-policy")!;
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-powered-by")).toBeNull();
  const html = await res.text();
  const scriptNonces = [...html.matchAll(/<script nonce="([^"]*)"/g)].map((m) => m[1]);
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  const second = await fetch(`${BASE}/`);
  expect(second.headers.get("content-security-policy")).not.toContain(nonce);
});

test("a POST from another site is refused; from our own pages it goes through", async () => {
  const body = new URLSearchParams({ email: "admin@demo.example", password: "vagval-demo" });
  const foreign = await fetch(`${BASE}/logga-in`, { method: "POST", body, headers: { Origin: "https://evil.example" }, redirect: "manual" });
  expect(foreign.status).toBe(403);
  const own = await fetch(`${BASE}/logga-in`, { method: "POST", body, headers: { Origin: BASE }, redirect: "manual" });
  expect(own.status).toBe(302);
  const cookie = own.headers.get("set-cookie")!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).toMatch(/Secure/);
});

test("static assets are served with long-lived caching", async () => {
  const html = await (await fetch(`${BASE}/`)).text();
  const css = html.match(/href="(\/build\/[^"]+\.css)"/)![1];
  const res = await fetch(BASE + css);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable/);
});

test("a body larger than any form or photo is refused before it is read", async () => {
  const http = await import("node:http");
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(`${BASE}/bli-ambassador`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(300 * 1024 * 1024), Origin: BASE } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on("error", reject);
    req.write("name=x");
  });
  expect(status).toBe(413);
});
