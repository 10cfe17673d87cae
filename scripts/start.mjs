// `npm start`: installs what is missing, then serves the app on loopback.
import { ensureNodeModules, run } from './ensure.mjs';

ensureNodeModules();
const port = process.env.PORT ?? '5173';
console.log(`CNI Studio: http://127.0.0.1:${port}/`);
process.exit(run('npx', ['vite', '--host', '127.0.0.1', '--port', port]));
