// A bare route that renders nothing: for load balancers and as the baseline in bench/.
export const loader = () => new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
