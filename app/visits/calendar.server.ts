/**
 * iCalendar files (RFC 5545) for school visits: a single-event file to attach to an e-mail
 * (METHOD:REQUEST when a visit is confirmed or changed, METHOD:CANCEL when it is cancelled) and a
 * subscription feed (METHOD:PUBLISH) in which cancelled visits stay, marked STATUS:CANCELLED, so
 * that subscribed calendars remove them. The UID is stable per visit and the caller raises
 * SEQUENCE on every change, so a later file updates or cancels the event a calendar already has.
 *
 * Times are wall-clock times in Europe/Stockholm ("YYYY-MM-DDTHH:MM"), written as
 * DTSTART;TZID=Europe/Stockholm with the zone's VTIMEZONE in the file.
 *
 * Two traps in ical-generator 10.2, both avoided by giving each event the time zone and the
 * calendar only the VTIMEZONE generator (name: null):
 *  - a calendar-level time zone alone writes DTSTART/DTEND without TZID (floating times);
 *  - with a calendar-level time zone, DTSTAMP (and CREATED/LAST-MODIFIED) are written as floating
 *    times in the server's own zone instead of UTC ("…Z").
 * A wall-clock string without offset is read by Date in the server's zone and written back with
 * the same zone's getters, so the digits come out unchanged whatever TZ the server runs in.
 */
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from "ical-generator";

export interface CalendarVisit {
  id: number; // UID: `visit-${id}@${uidDomain}`
  sequence: number; // SEQUENCE, raised by the caller on every change
  cancelled: boolean;
  start: string; // wall-clock time in Europe/Stockholm, "YYYY-MM-DDTHH:MM"
  end: string;
  summary: string;
  description: string;
  location: string | null;
  url?: string; // absolute URL of the visit page
}
export interface CalendarOptions {
  uidDomain: string;
  calendarName?: string;
}

export const ICS_CONTENT_TYPE = "text/calendar; charset=utf-8";

const TIME_ZONE = "Europe/Stockholm";
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function newCalendar(method: ICalCalendarMethod): ICalCalendar {
  return ical({
    prodId: { company: "Vägval", product: "Skolbesök", language: "SV" },
    method,
    // No calendar-level zone (see the header); the generator adds the VTIMEZONE of every event's zone.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
}

/** Stockholm wall clock as ical-generator wants it with an event time zone: no offset, with seconds. */
function wallClock(value: string): string {
  // A date-only or offset string would be read as UTC by Date and shift the time.
  if (!LOCAL_DATE_TIME.test(value)) throw new Error(`Not a local date-time "YYYY-MM-DDTHH:MM": ${value}`);
  return `${value}:00`;
}

function addVisit(calendar: ICalCalendar, visit: CalendarVisit, status: ICalEventStatus, options: CalendarOptions) {
  calendar.createEvent({
    id: `visit-${visit.id}@${options.uidDomain}`,
    sequence: visit.sequence,
    timezone: TIME_ZONE,
    start: wallClock(visit.start),
    end: wallClock(visit.end),
    summary: visit.summary,
    description: visit.description,
    location: visit.location || null,
    url: visit.url ?? null,
    status,
    organizer: { name: "Vägval", email: `no-reply@${options.uidDomain}` },
  });
}

const statusOf = (cancelled: boolean) => (cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED);

/** A single-event file to attach to an e-mail: METHOD:REQUEST for a confirmation/change, METHOD:CANCEL (and STATUS:CANCELLED) for a cancellation. */
export function visitInvitation(visit: CalendarVisit, method: "REQUEST" | "CANCEL", options: CalendarOptions): string {
  const calendar = newCalendar(method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  addVisit(calendar, visit, statusOf(method === "CANCEL" || visit.cancelled), options);
  return calendar.toString();
}

/** A subscription feed (METHOD:PUBLISH, X-WR-CALNAME = calendarName) with many events; cancelled visits stay in it with STATUS:CANCELLED so subscribed calendars remove them. */
export function calendarFeed(visits: CalendarVisit[], options: CalendarOptions): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH);
  // ical-generator writes NAME/X-WR-CALNAME as given: a newline would end the line. Commas are left
  // alone, as parsers (ical.js among them) read X-WR-CALNAME raw and would show the backslash of an escaped ",".
  calendar.name((options.calendarName ?? "Vägval skolbesök").replace(/[\r\n]+/g, " "));
  calendar.ttl(60 * 60); // ask subscribers to refresh hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL)
  for (const visit of visits) addVisit(calendar, visit, statusOf(visit.cancelled), options);
  return calendar.toString();
}
