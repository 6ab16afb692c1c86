// Pages past the first one a user sees are loaded when first opened, each
// from a chunk of its own, so that the first load carries only the sign-in
// page, the frame and the dashboard (docs/web.md, "First load").
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { PageContext } from "../context";

/** A page component that loads `load`'s module on first render (once for every later use). */
export function lazyPage<P extends { ctx: PageContext }>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyPage(props: P) {
    const [failure, setFailure] = useState<string | null>(null);
    const [, setReady] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      pending ??= load().then((page) => (loaded = page));
      pending.then(
        () => live && setReady((n) => n + 1),
        (error: unknown) => {
          pending = null; // the next visit tries again
          if (live) setFailure(error instanceof Error ? error.message : String(error));
        },
      );
      return () => {
        live = false;
      };
    }, []);
    const Page = loaded;
    if (Page) return <Page {...props} />;
    if (failure !== null) return <p role="alert">{props.ctx.t("app.error", { message: failure })}</p>;
    return (
      <p role="status" aria-busy="true">
        {props.ctx.t("app.loading")}
      </p>
    );
  };
}
