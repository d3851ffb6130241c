import { expect, test, type Page } from "@playwright/test";
import { accounts, expectNoAxeViolations, signInAs } from "./helpers";

/**
 * Reach (issue 7) in Chromium: the admin imports statistics as Excel writes them (a file with a
 * mistake is refused with its line and column and nothing is imported; the corrected file goes in),
 * then the coordinator reads the expected numbers in the dashboard's tables, downloads a table as
 * CSV, and the public impact page shows region-level figures only. axe-core on every new page.
 */

const win1252 = (text: string) => Buffer.from([...text].map((ch) => (ch === "å" ? 0xe5 : ch === "ä" ? 0xe4 : ch === "ö" ? 0xf6 : ch === "Å" ? 0xc5 : ch === "Ä" ? 0xc4 : ch === "Ö" ? 0xd6 : ch.charCodeAt(0))));

async function upload(page: Page, kind: string, name: string, bytes: Buffer) {
  await page.getByLabel(kind).check();
  await page.getByLabel("Fil", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: bytes });
  await page.getByRole("button", { name: "Förhandsgranska" }).click();
  await expect(page.getByRole("heading", { name: `Förhandsgranskning av ${name}` })).toBeVisible();
}

test("the admin imports statistics, fixes a bad row, and the coordinator reads the numbers", async ({ page, browser }) => {
  await signInAs(page, accounts.admin);
  await page.goto("/admin/statistik");
  await expectNoAxeViolations(page, "statistik");

  // pupils in Windows-1252 with semicolons and a space as thousands separator; line 3 has a decimal
  const bad = win1252("Kommun;Läsår;Årskurs;Antal elever\r\n0484 Eskilstuna;2025/26;7;1 000\r\n0484 Eskilstuna;2025/26;8;987,5\r\n0486 Strängnäs;2025/26;7;420\r\n");
  await upload(page, "Elever per kommun, läsår och årskurs", "elever-e2e.csv", bad);
  await expect(page.getByText("Teckenkodning windows-1252, avgränsare ;, 3 rader.")).toBeVisible();
  const errors = page.getByTestId("issues-fel");
  await expect(errors).toContainText("Rad 3, kolumn D (Antal elever)");
  await expect(errors).toContainText("”987,5” är inte ett heltal");
  await expect(page.getByRole("button", { name: /^Importera/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "statistik preview with errors");

  const fixed = win1252("Kommun;Läsår;Årskurs;Antal elever\r\n0484 Eskilstuna;2025/26;7;1 000\r\n0484 Eskilstuna;2025/26;8;988\r\n0486 Strängnäs;2025/26;7;420\r\n");
  await upload(page, "Elever per kommun, läsår och årskurs", "elever-e2e.csv", fixed);
  await expect(page.getByTestId("mapping")).toContainText("D – Antal elever");
  await expect(page.getByTestId("changes")).toHaveText(/lägger till 3 rader, ändrar 0/);
  await expectNoAxeViolations(page, "statistik preview");
  await page.getByRole("button", { name: "Importera 3 rader" }).click();
  await expect(page.getByRole("status")).toContainText("elever-e2e.csv är importerad");
  await expect(page.getByRole("status")).toContainText("3 nya, 0 ändrade, 0 oförändrade");

  // applicants: UTF-8 with BOM, programme codes checked against the reference data
  const applicants = Buffer.from("\uFEFFKommun;År;Program;Förstahandssökande\n0484;2026;IN;60\n0484;2026;TE;140\n0484;2026;NA;300\n0484;2026;SA;500\n0486;2026;IN;10\n0486;2026;SA;190\n", "utf8");
  await upload(page, "Förstahandssökande per kommun, år och program", "sokande-e2e.csv", applicants);
  await page.getByRole("button", { name: "Importera 6 rader" }).click();
  await expect(page.getByRole("status")).toContainText("6 nya");
  // the same file again changes nothing
  await upload(page, "Förstahandssökande per kommun, år och program", "sokande-e2e.csv", applicants);
  await expect(page.getByTestId("changes")).toHaveText(/lägger till 0 rader, ändrar 0 och lämnar 6 oförändrade/);

  // the coordinator for Eskilstuna and Strängnäs
  const coordinator = await browser.newPage();
  await signInAs(coordinator, accounts.coordinator);
  await coordinator.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Räckvidd" }).click();
  await expect(coordinator).toHaveURL(/\/samordnare\/rackvidd$/);
  await coordinator.getByLabel("Kommun", { exact: true }).selectOption({ label: "Eskilstuna" });
  await coordinator.getByLabel("Årskull", { exact: true }).selectOption({ label: "Lämnar åk 9 år 2028" });
  await coordinator.getByRole("button", { name: "Visa" }).click();
  await expect(coordinator.getByRole("heading", { level: 2, name: "Årskullen som lämnar åk 9 år 2028 – Eskilstuna" })).toBeVisible();
  // the demo's 8A (cohort 2028) was reached in grade 8 with 25 pupils; the cohort has 1 000 pupils (grade 7 in 2025/26)
  const funnel = coordinator.getByTestId("funnel-table");
  await expect(funnel.getByRole("row", { name: /Elever i årskullen/ })).toContainText("1 000");
  await expect(funnel.getByRole("row", { name: /Nådda i åk 7–9/ })).toContainText("25");
  await expect(funnel.getByRole("row", { name: /Nådda i åk 7–9/ })).toContainText("2,5 %");
  // the 2026 cohort's first choices: 200 of 1 000 chose IN/TE/EE/FT/BA/VF (20 %) beside the region's 210 of 1 200
  const row2026 = coordinator.getByTestId("cohort-table").getByRole("row", { name: /^2026 / });
  await expect(row2026).toContainText("200 / 1 000");
  await expect(row2026).toContainText("20 %");
  await expect(row2026).toContainText("17,5 %");
  await expect(coordinator.getByText("Samband, inte bevis")).toBeVisible();
  // the chart is drawn, with its text alternative
  await expect(coordinator.locator("figure.chart svg").first()).toBeVisible();
  await expectNoAxeViolations(coordinator, "rackvidd dashboard");
  // every table as CSV
  const [download] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.locator('section[aria-labelledby="kullar"]').getByRole("link", { name: "Ladda ner tabellen (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("rackvidd-kullar.csv");
  await coordinator.close();

  // the public page: region level, small numbers suppressed
  const reader = await browser.newPage();
  await reader.goto("/rackvidd");
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("Räckvidd i regionen");
  await expect(reader.getByText("Tal från 1 till 4 visas som <5")).toBeVisible();
  await expectNoAxeViolations(reader, "rackvidd public");
  await reader.close();
});

test("the SYV's page for grade-9 choices passes axe", async ({ page }) => {
  await signInAs(page, accounts.school_staff);
  await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Elevernas val" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Elevernas förstahandsval i åk 9");
  await expectNoAxeViolations(page, "syv choices");
});
