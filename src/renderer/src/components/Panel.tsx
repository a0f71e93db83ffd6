import type { ReactNode } from 'react';

export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="screen-header">
      <h1>{title}</h1>
      {children ? <div className="screen-actions">{children}</div> : null}
    </div>
  );
}

export function Panel({ title, children, className }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`panel ${className ?? ''}`} aria-label={title}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </section>
  );
}

export function ErrorNote({ message }: { message: string }) {
  return (
    <p className="error-note" role="alert">
      {message}
    </p>
  );
}

/** A banner of news the screen reader announces when it appears (saved, deleted, undone). */
export function StatusNote({ children }: { children: ReactNode }) {
  return (
    <p className="banner banner-info" role="status">
      {children}
    </p>
  );
}
