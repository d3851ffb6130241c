/**
 * iCalendar files for school visits. Every file is read back with ical.js, a real parser, using
 * only the VTIMEZONE in the file itself, and checked for what a calendar user relies on: the right
 * instant in winter and summer, one UID per visit so a cancellation removes the booked event,
 * SEQUENCE, METHOD, STATUS, and text that survives newlines, commas, semicolons and Arabic.
 * No database.
 */
import ICAL from "ical.js";
import { calendarFeed, ICS_CONTENT_TYPE, visitInvitation, type CalendarVisit } from "~/visits/calendar.server";

const options = { uidDomain: "vagval.example" };
const description = "Rad 1\nRad 2; med, tecken\nزيارة المدرسة";
const winter: CalendarVisit = {
  id: 41,
  sequence: 0,
  cancelled: false,
  start: "2026-12-01T09:00",
  end: "2026-12-01T10:30",
  summary: "Skolbesök: svetsare, åk 8",
  description,
  location: "Rosengårdsskolan, Malmö; sal 3",
  url: "https://vagval.example/besok/41",
};
const summer: CalendarVisit = { ...winter, id: 42, start: "2027-05-10T09:00", end: "2027-05-10T10:00", summary: "زيارة المدرسة", location: null, url: undefined };

/** Reads a file as a calendar app would, with the file's own VTIMEZONE and no other zone than UTC. */
function parse(ics: string) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const zones = calendar.getAllSubcomponents("vtimezone");
  for (const zone of zones) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const vevents = calendar.getAllSubcomponents("vevent");
  return { calendar, zones: zones.map((z) => z.getFirstPropertyValue("tzid")), vevents, events: vevents.map((v) => new ICAL.Event(v)) };
}
const utc = (time: ICAL.Time) => time.toJSDate().toISOString();
const only = <T>(list: T[]) => {
  expect(list).toHaveLength(1);
  return list[0];
};

describe("times", () => {
  test("a winter visit is 09:00 CET, 08:00 UTC", () => {
    const { zones, events } = parse(visitInvitation(winter, "REQUEST", options));
    const event = only(events);
    expect(zones).toEqual(["Europe/Stockholm"]);
    expect(event.startDate.zone?.tzid).toBe("Europe/Stockholm");
    expect(event.startDate.toString()).toBe("2026-12-01T09:00:00");
    expect(event.startDate.utcOffset()).toBe(3600);
    expect(utc(event.startDate)).toBe("2026-12-01T08:00:00.000Z");
    expect(utc(event.endDate)).toBe("2026-12-01T09:30:00.000Z");
  });

  test("a summer visit is 09:00 CEST, 07:00 UTC", () => {
    const event = only(parse(visitInvitation(summer, "REQUEST", options)).events);
    expect(event.startDate.utcOffset()).toBe(7200);
    expect(utc(event.startDate)).toBe("2027-05-10T07:00:00.000Z");
    expect(utc(event.endDate)).toBe("2027-05-10T08:00:00.000Z");
  });

  test("DTSTART/DTEND carry TZID=Europe/Stockholm and DTSTAMP is UTC, whatever zone the server runs in", () => {
    const saved = process.env.TZ;
    try {
      // zone → its getTimezoneOffset() on 2026-12-01, to see that the change took effect (Node re-reads TZ on assignment)
      const zones = { UTC: 0, "Europe/Stockholm": -60, "America/New_York": 300, "Asia/Kolkata": -330, "Pacific/Chatham": -825 };
      for (const [tz, offset] of Object.entries(zones)) {
        process.env.TZ = tz;
        expect(new Date(Date.UTC(2026, 11, 1, 12)).getTimezoneOffset()).toBe(offset);
        for (const visit of [winter, summer]) {
          const ics = visitInvitation(visit, "REQUEST", options);
          const compact = visit.start.replace(/[-:]/g, "") + "00";
          expect(ics).toContain(`\r\nDTSTART;TZID=Europe/Stockholm:${compact}\r\n`);
          expect(ics).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
          const { vevents, events } = parse(ics);
          expect(utc(only(events).startDate)).toBe(visit === winter ? "2026-12-01T08:00:00.000Z" : "2027-05-10T07:00:00.000Z");
          const stamp = only(vevents).getFirstPropertyValue("dtstamp") as ICAL.Time;
          expect(stamp.zone?.tzid).toBe("UTC");
          expect(Math.abs(stamp.toJSDate().getTime() - Date.now())).toBeLessThan(60_000);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  test("a date-only or offset time is refused rather than shifted", () => {
    expect(() => visitInvitation({ ...winter, start: "2026-12-01" }, "REQUEST", options)).toThrow(/YYYY-MM-DDTHH:MM/);
    expect(() => visitInvitation({ ...winter, end: "2026-12-01T10:30+01:00" }, "REQUEST", options)).toThrow(/YYYY-MM-DDTHH:MM/);
  });
});

describe("invitations", () => {
  test("a confirmation is METHOD:REQUEST with STATUS:CONFIRMED, an organizer and the visit's text", () => {
    const ics = visitInvitation({ ...winter, sequence: 3 }, "REQUEST", options);
    const { calendar, vevents, events } = parse(ics);
    const vevent = only(vevents);
    const event = only(events);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Vägval//Skolbesök//SV");
    expect(event.uid).toBe("visit-41@vagval.example");
    expect(event.sequence).toBe(3);
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(event.summary).toBe("Skolbesök: svetsare, åk 8");
    expect(event.description).toBe(description);
    expect(event.location).toBe("Rosengårdsskolan, Malmö; sal 3");
    expect(vevent.getFirstPropertyValue("url")).toBe("https://vagval.example/besok/41");
    const organizer = vevent.getFirstProperty("organizer");
    expect(organizer?.getFirstValue()).toBe("mailto:no-reply@vagval.example");
    expect(organizer?.getParameter("cn")).toBe("Vägval");
  });

  test("a cancellation has the same UID, a higher SEQUENCE, METHOD:CANCEL and STATUS:CANCELLED", () => {
    const request = parse(visitInvitation(winter, "REQUEST", options));
    const cancel = parse(visitInvitation({ ...winter, sequence: 1, cancelled: true }, "CANCEL", options));
    expect(cancel.calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(only(cancel.vevents).getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(only(cancel.events).uid).toBe(only(request.events).uid);
    expect(only(cancel.events).sequence).toBeGreaterThan(only(request.events).sequence);
    // CANCEL alone is enough, even before the caller has marked the visit cancelled
    expect(only(parse(visitInvitation(winter, "CANCEL", options)).vevents).getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  test("different visits have different UIDs; no location or URL means no such property", () => {
    const event = only(parse(visitInvitation(summer, "REQUEST", options)).events);
    expect(event.uid).toBe("visit-42@vagval.example");
    expect(event.summary).toBe("زيارة المدرسة");
    expect(event.location).toBeNull();
    expect(event.component.hasProperty("url")).toBe(false);
  });

  test("long Arabic text is folded at 75 octets with CRLF and still round-trips", () => {
    const long = Array.from({ length: 12 }, () => "زيارة المدرسة، سطر جديد؛ مع فواصل").join("\n");
    const ics = visitInvitation({ ...winter, description: long }, "REQUEST", options);
    const lines = ics.split("\r\n");
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n/g, "")).not.toContain("\n");
    expect(only(parse(ics).events).description).toBe(long);
  });
});

describe("feed", () => {
  test("METHOD:PUBLISH, X-WR-CALNAME and every visit, cancelled ones marked CANCELLED", () => {
    const visits = [winter, summer, { ...winter, id: 43, sequence: 2, cancelled: true }];
    const { calendar, zones, vevents, events } = parse(calendarFeed(visits, { ...options, calendarName: "Vägval, skolbesök Malmö" }));
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Vägval, skolbesök Malmö");
    expect(zones).toEqual(["Europe/Stockholm"]);
    expect(events.map((e) => e.uid)).toEqual(["visit-41@vagval.example", "visit-42@vagval.example", "visit-43@vagval.example"]);
    expect(vevents.map((v) => v.getFirstPropertyValue("status"))).toEqual(["CONFIRMED", "CONFIRMED", "CANCELLED"]);
    expect(events.map((e) => e.sequence)).toEqual([0, 0, 2]);
    expect(events.map((e) => utc(e.startDate))).toEqual(["2026-12-01T08:00:00.000Z", "2027-05-10T07:00:00.000Z", "2026-12-01T08:00:00.000Z"]);
    expect(events[0].description).toBe(description);
    for (const v of vevents) expect((v.getFirstPropertyValue("dtstamp") as ICAL.Time).zone?.tzid).toBe("UTC");
  });

  test("a newline in the calendar name cannot start a new property; an empty feed is still a calendar", () => {
    const { calendar, events } = parse(calendarFeed([], { ...options, calendarName: "Skolbesök\r\nMETHOD:REQUEST" }));
    expect(calendar.getAllProperties("method").map((p) => p.getFirstValue())).toEqual(["PUBLISH"]);
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Skolbesök METHOD:REQUEST");
    expect(events).toHaveLength(0);
  });

  test("the content type", () => {
    expect(ICS_CONTENT_TYPE).toBe("text/calendar; charset=utf-8");
  });
});
