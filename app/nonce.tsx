import { createContext, useContext } from "react";

/** The CSP nonce of this response, given to every inline script Remix renders. Empty in the browser. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
