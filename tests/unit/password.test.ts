import { hashPassword, verifyPassword } from "~/password.server";

test("a password verifies against its own hash and nothing else", async () => {
  const hash = await hashPassword("korrekt häst batteri");
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(hash).not.toContain("korrekt");
  expect(await verifyPassword("korrekt häst batteri", hash)).toBe(true);
  expect(await verifyPassword("korrekt hast batteri", hash)).toBe(false);
  expect(await verifyPassword("", hash)).toBe(false);
});

test("the same password gets a different salt each time", async () => {
  const [a, b] = await Promise.all([hashPassword("samma lösenord"), hashPassword("samma lösenord")]);
  expect(a).not.toBe(b);
  expect(await verifyPassword("samma lösenord", a)).toBe(true);
  expect(await verifyPassword("samma lösenord", b)).toBe(true);
});

test("an account without a password (invited, not yet accepted) never verifies", async () => {
  expect(await verifyPassword("anything", null)).toBe(false);
  expect(await verifyPassword("anything", "garbage")).toBe(false);
});

test("Unicode forms of the same password are treated alike (NFKC)", async () => {
  const hash = await hashPassword("Ångström\u0041\u030A");
  expect(await verifyPassword("Ångström\u00C5", hash)).toBe(true);
});
