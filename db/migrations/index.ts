import type { Migration } from "kysely";
import * as foundation from "./2026_11_23_1300_foundation";
import * as ambassadors from "./2026_11_23_1400_ambassadors";
import * as schools from "./2026_11_23_1500_schools";
import * as visits from "./2026_11_23_1600_visits";
import * as campaigns from "./2026_11_23_1700_campaigns";
import * as jobs from "./2026_11_23_1710_jobs";
import * as uploads from "./2026_11_23_1720_uploads";
import * as films from "./2026_11_23_1730_films";
import * as guidance from "./2026_12_05_0230_guidance";
import * as reach from "./2026_12_05_0310_reach";

/**
 * Every migration, by name, in order. Listed explicitly (instead of read from the folder at run
 * time) so the same list works under tsx, vitest and the bundled server; a unit test checks that
 * every file in this folder is listed.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_23_1300_foundation": foundation,
  "2026_11_23_1400_ambassadors": ambassadors,
  "2026_11_23_1500_schools": schools,
  "2026_11_23_1600_visits": visits,
  "2026_11_23_1700_campaigns": campaigns,
  "2026_11_23_1710_jobs": jobs,
  "2026_11_23_1720_uploads": uploads,
  "2026_11_23_1730_films": films,
  "2026_12_05_0230_guidance": guidance,
  "2026_12_05_0310_reach": reach,
};
