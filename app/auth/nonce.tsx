/**
 * The request's CSP nonce, from entry.server.tsx down to the root's <Scripts>
 * and <ScrollRestoration>. In the browser it is "" (browsers hide nonce values
 * from the page); Remix's script tags suppress that hydration difference.
 */
import { createContext, useContext, type ReactNode } from "react";

const NonceContext = createContext<string>("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
