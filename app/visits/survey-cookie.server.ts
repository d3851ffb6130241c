import { createCookie } from "@remix-run/node";

/**
 * Remembers on the pupil's own phone which visits' surveys it has answered (strictly necessary,
 * holds no identity: only visit ids). Server-only: createCookie must not reach the browser bundle.
 */
export const answeredCookie = createCookie("vagval_enkat", { path: "/enkat", sameSite: "lax", httpOnly: true, maxAge: 14 * 24 * 3600 });
