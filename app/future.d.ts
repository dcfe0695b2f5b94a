// remix.config.js turns on v3_singleFetch; this tells the types, so that
// useLoaderData<typeof loader>() describes what single fetch really delivers.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
