import type { SessionUser } from "~/auth.server";
import { municipalityScope } from "~/permissions.server";
import { INDUSTRY_PROGRAMMES, type ReachFilters } from "./reach.server";

/**
 * Dashboard filters from the address. A municipality outside the user's scope is simply not
 * chosen (the dashboard then shows all the user may see), so a crafted address reveals nothing.
 */
export function reachFilters(url: URL, user: SessionUser): ReachFilters {
  const scope = municipalityScope(user);
  const id = Number(url.searchParams.get("kommun"));
  const municipalityId = Number.isInteger(id) && id > 0 && (scope === "all" || scope.includes(id)) ? id : null;
  const cohort = Number(url.searchParams.get("kull"));
  const sector = Number(url.searchParams.get("bransch"));
  const programmes = url.searchParams.getAll("program").filter((p) => /^[A-Z]{2}$/.test(p));
  return {
    scope,
    municipalityId,
    cohort: Number.isInteger(cohort) && cohort >= 2000 && cohort <= 2100 ? cohort : null,
    sectorId: Number.isInteger(sector) && sector > 0 ? sector : null,
    programmes: programmes.length ? programmes : INDUSTRY_PROGRAMMES,
  };
}
