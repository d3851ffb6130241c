import type { ReactNode } from "react";

export function Notice({ kind = "info", title, children }: { kind?: "info" | "success" | "warning"; title?: string; children: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === "success" ? "status" : undefined}>
      {title ? <p className="notice__title">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}

export function Card({ title, children, headingLevel = 2 }: { title: ReactNode; children: ReactNode; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="card">
      <H className="card__title">{title}</H>
      {children}
    </section>
  );
}

export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </header>
  );
}
