// What the helper answers at / when it has no built app to serve: how to get one, instead of a 404.
export function noAppPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CNI Studio lab helper</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:0 .25em}</style></head>
<body><h1>CNI Studio lab helper</h1>
<p>This helper is running, but it serves no built app (its <code>dist/</code> folder is missing, or it was started with <code>--no-app</code>).</p>
<ul><li>Build the app once in this checkout, <code>npm run build</code>, then restart the helper and open its link again; or</li>
<li>use <code>npm start</code>, which serves the app itself and connects it to a helper; or</li>
<li>open any CNI Studio app and connect it to this helper in the <em>Live lab</em> tab (its address and token).</li></ul>
</body></html>
`;
}
