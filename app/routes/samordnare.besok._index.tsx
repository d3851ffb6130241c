import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { addDays, todayInStockholm } from "~/ambassadors/rules";
import { PageHeader } from "~/components/ui";
import { db } from "~/db.server";
import { pageTitle } from "~/meta";
import { municipalityScope, requireUser } from "~/permissions.server";
import { StatusTag, when } from "~/visits/components";
import { isoWeekday, nowInStockholm } from "~/visits/rules";
import { coordinatorBoard } from "~/visits/visits.server";

export const meta = pageTitle("visits:board.title");

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;
const dayRe = /^\d{4}-\d{2}-\d{2}$/;

/** Monday of the week a date is in. */
const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));
const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};
const daysInMonth = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: ["coordinator", "admin"] });
  const url = new URL(request.url);
  const now = nowInStockholm();
  const today = now.slice(0, 10);
  const view = url.searchParams.get("vy") === "vecka" ? "week" : "month";
  const weekParam = url.searchParams.get("vecka") ?? "";
  const monthParam = url.searchParams.get("manad") ?? "";
  const week = mondayOf(dayRe.test(weekParam) && !Number.isNaN(Date.parse(weekParam)) ? weekParam : today);
  const month = monthRe.test(monthParam) ? monthParam : today.slice(0, 7);
  const period = view === "week" ? { from: week, to: addDays(week, 6) } : { from: `${month}-01`, to: `${month}-${String(daysInMonth(month)).padStart(2, "0")}` };
  const board = await coordinatorBoard(db, municipalityScope(user), period, view === "week" ? week.slice(0, 7) : month);
  return {
    ...board,
    open: board.open.map((v) => ({ ...v, ageDays: Math.round((Date.parse(today) - Date.parse(todayInStockholm(new Date(v.created_at)))) / 86_400_000) })),
    view,
    week,
    month,
    today,
  };
}

export default function Board() {
  const { t } = useTranslation();
  const { open, scheduled, ambassadors, companies, view, week, month, today } = useLoaderData<typeof loader>();
  const byDay = new Map<string, typeof scheduled>();
  for (const v of scheduled) byDay.set(v.start_at!.slice(0, 10), [...(byDay.get(v.start_at!.slice(0, 10)) ?? []), v]);
  const weekdays = [1, 2, 3, 4, 5, 6, 7];
  const firstDay = `${month}-01`;
  const gridStart = mondayOf(firstDay);
  const weeks: string[][] = [];
  for (let d = gridStart; d.slice(0, 7) <= month; d = addDays(d, 7)) weeks.push(weekdays.map((i) => addDays(d, i - 1)));
  const dayCell = (day: string) => (
    <>
      <span className="calendar__day">{Number(day.slice(8))}</span>
      <ul className="plain">
        {(byDay.get(day) ?? []).map((v) => (
          <li key={v.id}>
            <Link to={`/samordnare/besok/${v.id}`}>
              {v.start_at!.slice(11)} {v.school_name}
            </Link>{" "}
            <StatusTag status={v.status} />
          </li>
        ))}
      </ul>
    </>
  );
  return (
    <>
      <PageHeader title={t("visits:board.title")} lead={t("visits:board.lead")} />
      <section aria-labelledby="open-title">
        <h2 id="open-title">{t("visits:board.open", { count: open.length })}</h2>
        {open.length === 0 ? (
          <p>{t("visits:board.noOpen")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("visits:fields.school")}</th>
                  <th scope="col">{t("visits:fields.groups")}</th>
                  <th scope="col">{t("visits:board.age")}</th>
                  <th scope="col">{t("visits:board.firstWindow")}</th>
                  <th scope="col">{t("visits:fields.status")}</th>
                </tr>
              </thead>
              <tbody>
                {open.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <Link to={`/samordnare/besok/${v.id}`}>{v.school_name}</Link>
                    </th>
                    <td>{v.groups}</td>
                    <td>{t("visits:board.days", { count: v.ageDays })}</td>
                    <td>{String(v.first_window ?? "").replace("T", " ")}</td>
                    <td>
                      <StatusTag status={v.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t("visits:board.calendar")}</h2>
        <nav className="actions" aria-label={t("visits:board.calendarNav")}>
          {view === "month" ? (
            <>
              <Link to={`?manad=${shiftMonth(month, -1)}`}>{t("visits:board.previousMonth")}</Link>
              <Link to={`?manad=${shiftMonth(month, 1)}`}>{t("visits:board.nextMonth")}</Link>
              <Link to={`?vy=vecka&vecka=${month === today.slice(0, 7) ? today : firstDay}`}>{t("visits:board.weekView")}</Link>
            </>
          ) : (
            <>
              <Link to={`?vy=vecka&vecka=${addDays(week, -7)}`}>{t("visits:board.previousWeek")}</Link>
              <Link to={`?vy=vecka&vecka=${addDays(week, 7)}`}>{t("visits:board.nextWeek")}</Link>
              <Link to={`?manad=${week.slice(0, 7)}`}>{t("visits:board.monthView")}</Link>
            </>
          )}
        </nav>
        {view === "month" ? (
          <div className="table-wrap">
            <table className="calendar">
              <caption>{t("visits:board.monthCaption", { month })}</caption>
              <thead>
                <tr>
                  {weekdays.map((d) => (
                    <th scope="col" key={d}>
                      {t(`visits:weekdays.${d}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((days) => (
                  <tr key={days[0]}>
                    {days.map((day) => (
                      <td key={day} className={day.slice(0, 7) !== month ? "calendar__other" : day === today ? "calendar__today" : undefined}>
                        {day.slice(0, 7) === month ? dayCell(day) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <ol className="week plain" aria-label={t("visits:board.weekCaption", { week })}>
            {weekdays.slice(0, 5).map((d) => {
              const day = addDays(week, d - 1);
              return (
                <li key={day}>
                  <h3>
                    {t(`visits:weekdays.${d}`)} {day}
                  </h3>
                  {(byDay.get(day) ?? []).length ? (
                    <ul>
                      {byDay.get(day)!.map((v) => (
                        <li key={v.id}>
                          <Link to={`/samordnare/besok/${v.id}`}>
                            {when(v.start_at, v.end_at)} {v.school_name} ({v.groups})
                          </Link>{" "}
                          – {v.ambassador_name ?? "–"} <StatusTag status={v.status} />
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p>{t("visits:board.noVisits")}</p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="load-title">
        <h2 id="load-title">{t("visits:board.load", { month: view === "week" ? week.slice(0, 7) : month })}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t("visits:board.ambassadorLoad")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("visits:fields.ambassador")}</th>
                <th scope="col">{t("visits:board.company")}</th>
                <th scope="col">{t("visits:board.visitsOfCap")}</th>
              </tr>
            </thead>
            <tbody>
              {ambassadors.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td>{a.company_name ?? "–"}</td>
                  <td>{t("visits:board.ofCap", { count: a.visits, cap: a.max_visits_per_month })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table>
            <caption>{t("visits:board.companyLoad")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("visits:board.company")}</th>
                <th scope="col">{t("visits:board.visitsOfCap")}</th>
              </tr>
            </thead>
            <tbody>
              {companies.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{t("visits:board.ofCap", { count: c.visits, cap: c.monthly_visit_cap })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
