/**
 * Matching figures (groundwork for issue 4): `npx tsx bench/matching.ts`.
 * 10,000 ambassadors in 290 municipalities with 200,000 past and booked visits between them,
 * companies with caps; 500 random requests (on site and digital, 1–5 windows). Prints p50/p95/p99
 * of suggest() per request. The database loading that booking will add in front of it is not
 * included yet: this is the ranking and the hard rules over every candidate.
 */
import { performance } from "node:perf_hooks";
import { suggest, type Candidate, type CompanyLoad, type MatchRequest } from "../app/visits/matching";

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const pad = (n: number) => String(n).padStart(2, "0");

const AMBASSADORS = 10_000;
const VISITS = 200_000;
const companies: CompanyLoad[] = Array.from({ length: 1500 }, (_, i) => ({ id: i + 1, monthlyCap: 4 + (i % 6), visitsByMonth: { "2026-12": i % 5 } }));
const candidates: Candidate[] = Array.from({ length: AMBASSADORS }, (_, i) => ({
  id: i + 1,
  municipalityId: 1 + (i % 290),
  companyId: 1 + (i % 1500),
  facts: { status: i % 17 === 0 ? "paused" : "active", erased: false, vettedOn: i % 11 === 0 ? "2025-09-01" : "2026-06-01", trained: i % 23 !== 0 },
  sectorId: 1 + (i % 9),
  occupation: pick(["Svetsare", "Montör", "CNC-operatör", "Elektriker", "Lagerlogistiker"]),
  languages: ["sv", pick(["ar", "ti", "so", "uk", "fa", "en"])],
  gender: pick(["female", "male", "other", null] as const),
  grades: [5, 6, 7, 8, 9].filter(() => random() > 0.3),
  formats: random() > 0.3 ? ["on_site", "digital"] : ["on_site"],
  maxVisitsPerMonth: 2 + (i % 4),
  availability: [1, 2, 3, 4, 5].flatMap((weekday) => [8, 9, 10, 13, 14].filter(() => random() > 0.35).map((h) => ({ weekday, start: `${pad(h)}:00`, end: `${pad(h + 1)}:00` }))),
  blackouts: random() > 0.8 ? [{ from: "2026-12-07", to: "2026-12-11" }] : [],
  visits: [],
}));
for (let v = 0; v < VISITS; v++) {
  const c = candidates[Math.floor(random() * AMBASSADORS)];
  const month = 1 + Math.floor(random() * 12);
  const year = month > 11 ? 2025 : 2026;
  const day = 1 + Math.floor(random() * 28);
  const hour = 8 + Math.floor(random() * 7);
  c.visits.push({ start: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:00`, end: `${year}-${pad(month)}-${pad(day)}T${pad(hour + 1)}:00`, schoolId: 1 + Math.floor(random() * 3000), format: random() > 0.2 ? "on_site" : "digital" });
}

const requests: MatchRequest[] = Array.from({ length: 500 }, () => {
  const windows = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
    const day = 1 + Math.floor(random() * 18);
    const hour = 8 + Math.floor(random() * 6);
    return { start: `2026-12-${pad(day)}T${pad(hour)}:15`, end: `2026-12-${pad(day)}T${pad(hour + 1)}:00` };
  });
  return {
    schoolId: 1 + Math.floor(random() * 3000),
    municipalityId: 1 + Math.floor(random() * 290),
    format: random() > 0.25 ? "on_site" : "digital",
    grade: pick([5, 6, 8, 9]),
    windows,
    sectorId: 1 + Math.floor(random() * 9),
    languages: random() > 0.5 ? [pick(["ar", "ti", "so"])] : [],
    preferFemale: random() > 0.5,
    today: "2026-11-23",
  };
});

for (let i = 0; i < 20; i++) suggest(requests[i], candidates, companies); // warm-up
const times: number[] = [];
let found = 0;
for (const r of requests) {
  const t0 = performance.now();
  found += suggest(r, candidates, companies).length > 0 ? 1 : 0;
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
console.log(`\n### Matching: ${AMBASSADORS.toLocaleString("en")} ambassadors, ${VISITS.toLocaleString("en")} visits, ${requests.length} requests (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n`);
console.log(`| suggest() per request | p50 | p95 | p99 | requests with at least one suggestion |\n| --- | --- | --- | --- | --- |`);
console.log(`| all 10,000 candidates, every hard rule and the ranking | ${q(0.5)} ms | ${q(0.95)} ms | ${q(0.99)} ms | ${found} of ${requests.length} |`);
