// The page's entry point: the whole page, or at `/?terminal=<session id>` ("Pop out") one
// session's terminal alone. Each loads only its own code.
import { pageLog } from './app/log.js';
import { terminalWindowSession } from './app/state/terminal-window.js';

const terminal = terminalWindowSession(location.search);
const loaded =
  terminal === null
    ? import('./app/components/sb-app.js')
    : (() => {
        const alone = document.createElement('sb-terminal-window');
        alone.setAttribute('session-id', terminal);
        document.querySelector('sb-app')?.replaceWith(alone);
        return import('./app/terminal/sb-terminal-window.js');
      })();
// A page older than the hub's build asks for files that are gone: reloading fetches the new ones.
loaded.catch((error: unknown) => pageLog().error('the page could not load: reload it', error));
