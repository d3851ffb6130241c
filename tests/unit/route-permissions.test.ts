/**
 * Walks the whole route table of the real build. Every route must be listed here with who may
 * use it; a new route that is not listed fails this test, so every later route joins it.
 * Proves for each protected route: anonymous → sign-in, wrong role → 403, another municipality's
 * or school's record → 404, and the right role in scope → 200. Actions are checked the same way.
 */
import type { Role } from "#db/schema";
import { nowInStockholm } from "~/visits/rules";
import { cookieFor, demo, form, getBuild, request } from "./helpers";

type Access =
  | { public: true; url: string }
  | { roles: readonly Role[] | "any"; url: string; outOfScope?: Partial<Record<Role, string>> };

const allRoles: Role[] = ["admin", "coordinator", "school_staff", "ambassador", "communicator", "translator"];

// Demo data: the coordinator has Eskilstuna (0484) and Strängnäs (0486); school staff work at
// school 1 in Eskilstuna; school 2 is in Strängnäs, school 3 in Nyköping (0480).
export const routeAccess: Record<string, Access> = {
  "routes/_index": { public: true, url: "/" },
  "routes/$": { public: true, url: "/finns-inte" },
  "routes/healthz": { public: true, url: "/healthz" },
  "routes/logga-in": { public: true, url: "/logga-in" },
  "routes/logga-ut": { public: true, url: "/logga-ut" },
  "routes/sprak": { public: true, url: "/sprak" },
  "routes/glomt-losenord": { public: true, url: "/glomt-losenord" },
  "routes/aterstall.$token": { public: true, url: "/aterstall/okand-lank" },
  "routes/inbjudan.$token": { public: true, url: "/inbjudan/okand-lank" },
  "routes/tillganglighet": { public: true, url: "/tillganglighet" },
  "routes/bli-ambassador": { public: true, url: "/bli-ambassador" },
  "routes/ambassadorer._index": { public: true, url: "/ambassadorer" },
  "routes/ambassadorer.$id": { public: true, url: "/ambassadorer/1" },
  "routes/media.ambassadorer.$id.$token.$file": { public: true, url: "/media/ambassadorer/1/0123456789abcdef01234567/160.webp" },
  "routes/ambassador.profil": { roles: ["ambassador"], url: "/ambassador/profil" },
  "routes/ambassador.tider": { roles: ["ambassador"], url: "/ambassador/tider" },
  "routes/ambassador.samtycken": { roles: ["ambassador"], url: "/ambassador/samtycken" },
  "routes/ambassador.mina-uppgifter": { roles: ["ambassador"], url: "/ambassador/mina-uppgifter" },
  "routes/ambassador.mina-uppgifter.zip": { roles: ["ambassador"], url: "/ambassador/mina-uppgifter/zip" },
  "routes/samordnare.ambassadorer._index": { roles: ["coordinator", "admin"], url: "/samordnare/ambassadorer" },
  // ambassador 1 is in Eskilstuna, ambassador 5 (Fanny) in Flen, outside the demo coordinator's network
  "routes/samordnare.ambassadorer.$id": {
    roles: ["coordinator", "admin"],
    url: "/samordnare/ambassadorer/1",
    outOfScope: { coordinator: "/samordnare/ambassadorer/5" },
  },
  "routes/samordnare.poolhalsa": { roles: ["coordinator", "admin"], url: "/samordnare/poolhalsa" },
  "routes/samordnare.foretag": { roles: ["coordinator", "admin"], url: "/samordnare/foretag" },
  "routes/admin.utbildningar": { roles: ["admin"], url: "/admin/utbildningar" },
  "routes/skolor.registrera": { public: true, url: "/skolor/registrera" },
  "routes/samordnare.skolor": { roles: ["coordinator", "admin"], url: "/samordnare/skolor" },
  "routes/admin.lov": { roles: ["admin"], url: "/admin/lov" },
  "routes/konto": { roles: "any", url: "/konto" },
  "routes/oversikt": { roles: "any", url: "/oversikt" },
  "routes/admin._index": { roles: ["admin"], url: "/admin" },
  "routes/admin.anvandare._index": { roles: ["admin"], url: "/admin/anvandare" },
  "routes/admin.anvandare.ny": { roles: ["admin"], url: "/admin/anvandare/ny" },
  "routes/admin.e-post": { roles: ["admin"], url: "/admin/e-post" },
  "routes/admin.referensdata": { roles: ["admin"], url: "/admin/referensdata" },
  "routes/admin.referensdata_.$kind.$id": { roles: ["admin"], url: "/admin/referensdata/program/1" },
  "routes/samordnare.kommun.$code": {
    roles: ["coordinator", "admin"],
    url: "/samordnare/kommun/0484",
    outOfScope: { coordinator: "/samordnare/kommun/0480" },
  },
  "routes/skolor.$id": {
    roles: ["school_staff", "coordinator", "admin"],
    url: "/skolor/1",
    outOfScope: { school_staff: "/skolor/2", coordinator: "/skolor/3" },
  },
  // Demo visits: 1–3 at school 1 (Eskilstuna; 2 and 3 with ambassador 1), 4 at school 2 (Strängnäs), 5 at school 3 (Nyköping)
  "routes/skolor.$id_.besok._index": { roles: ["school_staff", "coordinator", "admin"], url: "/skolor/1/besok", outOfScope: { school_staff: "/skolor/2/besok", coordinator: "/skolor/3/besok" } },
  "routes/skolor.$id_.besok.ny": { roles: ["school_staff", "admin"], url: "/skolor/1/besok/ny", outOfScope: { school_staff: "/skolor/2/besok/ny" } },
  "routes/skolor.$id_.besok.$visitId": {
    roles: ["school_staff", "coordinator", "admin"],
    url: "/skolor/1/besok/1",
    outOfScope: { school_staff: "/skolor/2/besok/4", coordinator: "/skolor/3/besok/5" },
  },
  "routes/samordnare.besok._index": { roles: ["coordinator", "admin"], url: "/samordnare/besok" },
  "routes/samordnare.besok.$visitId": { roles: ["coordinator", "admin"], url: "/samordnare/besok/1", outOfScope: { coordinator: "/samordnare/besok/5" } },
  "routes/ambassador.besok._index": { roles: ["ambassador"], url: "/ambassador/besok" },
  // ambassadors see only visits booked with or proposed to them (the admin check does not apply to this role-only route)
  "routes/ambassador.besok.$visitId": { roles: ["ambassador"], url: "/ambassador/besok/2" },
  "routes/kalender.$token": { public: true, url: "/kalender/okand-lank.ics" },
  "routes/enkat.$token": { public: true, url: "/enkat/okand-lank" },
  "routes/kommunikator.kampanjer._index": { roles: ["communicator", "admin"], url: "/kommunikator/kampanjer" },
  "routes/kommunikator.kampanjer.ny": { roles: ["communicator", "admin"], url: "/kommunikator/kampanjer/ny" },
  "routes/kommunikator.kampanjer.$id": { roles: ["communicator", "admin"], url: "/kommunikator/kampanjer/1" },
  "routes/kampanjer._index": { public: true, url: "/kampanjer" },
  "routes/kampanjer.$slug": { public: true, url: `/kampanjer/framtidens-industri-${nowInStockholm().slice(0, 4)}-demo` },
  // film 1 (demo) waits for its file: its public page and media are 404 until it is processed and published
  "routes/kommunikator.filmer.$id": { roles: ["communicator", "admin"], url: "/kommunikator/filmer/1" },
  "routes/filmer.$id": { public: true, url: "/filmer/1" },
  "routes/vagledning": { public: true, url: "/vagledning" },
  "routes/$lang.vagledning._index": { public: true, url: "/ti/vagledning" },
  "routes/$lang.vagledning.$slug": { public: true, url: "/ar/vagledning/verkstadsindustri" },
  "routes/$lang.vagledning.$slug_.material": { public: true, url: "/sv/vagledning/cnc-operator/material" },
  "routes/oversattning._index": { roles: ["translator", "admin"], url: "/oversattning" },
  "routes/oversattning.ny": { roles: ["admin"], url: "/oversattning/ny" },
  "routes/rackvidd": { public: true, url: "/rackvidd" },
  "routes/admin.statistik": { roles: ["admin"], url: "/admin/statistik" },
  "routes/admin.statistik_.forhandsgranska": { roles: ["admin"], url: "/admin/statistik/forhandsgranska" },
  // a municipality outside the coordinator's network in the address is ignored (never shown), so no 404 here
  "routes/samordnare.rackvidd": { roles: ["coordinator", "admin"], url: "/samordnare/rackvidd" },
  "routes/samordnare.rackvidd_.csv": { roles: ["coordinator", "admin"], url: "/samordnare/rackvidd/csv?tabell=kullar" },
  "routes/skolor.$id_.val": { roles: ["school_staff", "admin"], url: "/skolor/1/val", outOfScope: { school_staff: "/skolor/2/val" } },
  // the Swedish source is the admins'; translators work on the other languages
  "routes/oversattning.$slug.$lang": { roles: ["translator", "admin"], url: "/oversattning/svetsare/so" },
  "routes/filmer.$id.visning": { public: true, url: "/filmer/1/visning" },
  "routes/media.filmer.$id.video": { public: true, url: "/media/filmer/1/video" },
  "routes/media.filmer.$id.affisch.$file": { public: true, url: "/media/filmer/1/affisch/640.jpg" },
  "routes/media.filmer.$id.undertexter.$file": { public: true, url: "/media/filmer/1/undertexter/ar.vtt" },
  "routes/media.filmer.$id.dokument.$docId": { public: true, url: "/media/filmer/1/dokument/1" },
};

const cookies = {} as Record<Role, string>;
beforeAll(async () => {
  for (const role of allRoles) cookies[role] = await cookieFor(demo[role]);
});

test("every route in the build is listed with its access rule", async () => {
  const build = await getBuild();
  const ids = Object.keys(build.routes).filter((id) => id !== "root");
  expect(ids.filter((id) => !(id in routeAccess))).toEqual([]);
  expect(Object.keys(routeAccess).filter((id) => !ids.includes(id))).toEqual([]);
});

describe.each(Object.entries(routeAccess).filter(([, a]) => !("public" in a)))("%s", (id, rule) => {
  const access = rule as Exclude<Access, { public: true }>;
  const allowed = access.roles === "any" ? allRoles : access.roles;
  const denied = allRoles.filter((r) => !allowed.includes(r));

  test("anonymous visitors are sent to sign-in", async () => {
    const res = await request(access.url);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/logga-in\?redirectTo=/);
  });

  test("allowed roles see the page", async () => {
    for (const role of allowed) {
      const res = await request(access.url, { cookie: cookies[role] });
      expect(res.status, `${role} on ${access.url}`).toBe(200);
    }
  });

  if (denied.length)
    test(`wrong roles get 403 (${denied.join(", ")})`, async () => {
      for (const role of denied) {
        const res = await request(access.url, { cookie: cookies[role] });
        expect(res.status, `${role} on ${access.url}`).toBe(403);
      }
    });

  if (access.outOfScope)
    test("records outside the user's municipality or school are 404", async () => {
      for (const [role, url] of Object.entries(access.outOfScope!)) {
        const res = await request(url, { cookie: cookies[role as Role] });
        expect(res.status, `${role} on ${url}`).toBe(404);
        const admin = await request(url, { cookie: cookies.admin });
        expect(admin.status, `admin on ${url}`).toBe(200);
      }
    });

  test("actions refuse anonymous and wrong roles too", async () => {
    const build = await getBuild();
    if (!build.routes[id].module.action) return;
    const anon = await request(access.url, form({}));
    expect(anon.status).toBe(302);
    for (const role of denied) {
      const res = await request(access.url, { ...form({}), cookie: cookies[role] });
      expect(res.status, `${role} POST ${access.url}`).toBe(403);
    }
  });
});

test("public pages answer without signing in", async () => {
  for (const [id, rule] of Object.entries(routeAccess)) {
    if (!("public" in rule)) continue;
    const res = await request(rule.url);
    expect([200, 302, 404, 410], `${id} ${rule.url} → ${res.status}`).toContain(res.status);
  }
  expect((await request("/finns-inte")).status).toBe(404);
});

test("every page has its own title (WCAG 2.4.2), in the reader's language", async () => {
  const titles = new Map<string, string>();
  for (const [id, rule] of Object.entries(routeAccess)) {
    const cookie = "public" in rule ? undefined : cookies[(rule.roles === "any" ? ["translator"] : rule.roles)[0] as Role];
    const res = await request(rule.url, { cookie });
    if (!(res.headers.get("Content-Type") ?? "").includes("text/html") || (res.status !== 200 && res.status !== 404 && res.status !== 410)) continue;
    const title = (await res.text()).match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
    if (rule.url !== "/") expect(title, `${id} ${rule.url}`).toMatch(/^.+ – Vägval$/);
    titles.set(id, title);
  }
  expect(titles.get("routes/bli-ambassador")).toBe("Bli ambassadör – Vägval");
  const arabic = await request("/bli-ambassador", { headers: { "Accept-Language": "ar" } });
  expect((await arabic.text()).match(/<title>([^<]*)<\/title>/)?.[1]).not.toBe("Bli ambassadör – Vägval");
});
