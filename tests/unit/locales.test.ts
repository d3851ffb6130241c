import fs from "node:fs";
import path from "node:path";
import { interfaceLanguages } from "~/i18n/config";

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const keys = (o: Record<string, unknown>, pre = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v as Record<string, unknown>, `${pre}${k}.`) : [`${pre}${k}`]));
const load = (lng: string, file: string) => JSON.parse(fs.readFileSync(path.join("locales", lng, file), "utf8"));
const flat = (o: Record<string, unknown>, pre = ""): Record<string, string> =>
  Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === "object" ? Object.entries(flat(v as Record<string, unknown>, `${pre}${k}.`)) : [[`${pre}${k}`, String(v)]],
    ),
  );
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const namespaces = fs.readdirSync("locales/sv").filter((f) => f.endsWith(".json"));
const others = interfaceLanguages.map((l) => l.code).filter((c) => c !== "sv");

test("every interface language has a folder, and no folder is unknown", () => {
  expect(fs.readdirSync("locales").sort()).toEqual(interfaceLanguages.map((l) => l.code).sort());
});

describe.each(others)("%s", (lng) => {
  test.each(namespaces)("has every key that Swedish has in %s", (file) => {
    const have = new Set(keys(load(lng, file)));
    expect(keys(load("sv", file)).filter((k) => !have.has(k))).toEqual([]);
  });

  test.each(namespaces)("has no keys that Swedish lacks in %s (other than plural forms)", (file) => {
    const sv = new Set(keys(load("sv", file)).map((k) => k.replace(pluralSuffix, "")));
    expect(keys(load(lng, file)).filter((k) => !sv.has(k.replace(pluralSuffix, "")))).toEqual([]);
  });

  test.each(namespaces)("keeps every {{placeholder}} of the Swedish text in %s", (file) => {
    const sv = flat(load("sv", file));
    const other = flat(load(lng, file));
    const wrong = Object.keys(sv).filter((k) => k in other && vars(sv[k]).join() !== vars(other[k]).join());
    expect(wrong).toEqual([]);
  });
});

test("language names are written in their own script", () => {
  const names = Object.fromEntries(interfaceLanguages.map((l) => [l.code, l.nativeName]));
  expect(names.ar).toMatch(/^[\u0600-\u06FF\s]+$/);
  expect(names.fa).toMatch(/^[\u0600-\u06FF\s]+$/);
  expect(names.prs).toMatch(/^[\u0600-\u06FF\s]+$/);
  expect(names.ti).toMatch(/^[\u1200-\u137F\s]+$/);
  expect(names.uk).toMatch(/^[\u0400-\u04FF\s]+$/);
  expect(interfaceLanguages.filter((l) => l.dir === "rtl").map((l) => l.code).sort()).toEqual(["ar", "fa", "prs"]);
});
