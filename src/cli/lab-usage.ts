// The usage text of `cni-studio lab`, apart from the commands themselves: the top-level help shows it
// without loading the helper (its HTTP server and the engine load only when a lab command runs).
import { DEFAULT_PROFILE, LAB_DEFAULT_PORT } from '../core';
import { DEFAULT_CNI_PATH } from '../helper/probe';

export const LAB_USAGE = `usage: cni-studio lab serve [--host 127.0.0.1] [--host-name NAME,…] [--port ${LAB_DEFAULT_PORT}] [--token-file FILE] [--allow-origin URL,…]
                        [--cni-path DIRS] [--host-links NAMES] [--audit-log FILE] [--app-dir DIR | --app-url URL | --no-app]
       cni-studio lab run <file> [--op add|check|del|cycle|status|gc] [--libcni VERSION] [--cap-args JSON] [--cni-args K=V;…]
                      [--containers N] [--container-cap-args JSON] [--checks] [--ifname eth0] [--cni-path DIRS] [--host-links NAMES]
                      [--keep SECONDS] [--timeout MS] [--format text|json]

Runs the chain with the real plugin binaries against a fresh network namespace, as root, and reports each
plugin's stdin, output, exit status and time, the namespace's interfaces, addresses and routes, and what
teardown removed. Everything the run created is removed afterwards (after --keep seconds, at most 600; at
once, and said, when its plugins turned route_localnet on on a link of the machine, which opens its
localhost services to that link's network).
--op cycle (the default) runs ADD, CHECK and DEL (ADD and DEL for a list below spec 0.4.0, which has no CHECK); status runs ADD, STATUS, DEL; gc runs ADD, then GC with
this attachment valid, then GC with it stale (which DELs it first). --containers N (1 to 8) attaches N
containers to the network, each its own namespace and container id, every operation for each in turn
(--cap-args goes to all of them, unless --container-cap-args '[{…}, {…}]' gives each its own by position;
GC runs with one container). --checks probes with real traffic after ADD:
ping to each gateway, between the containers both ways and from the host, per family; tcp to the helper's
own listener in each container; a don't-fragment ping at the interface's MTU; each tcp port mapping from
a client namespace wired to the host, through the host's address (proves the DNAT); and leaving the node
to an "outside" namespace, whose listener says whether the source was masqueraded (as ipMasq says it
should be). The client and outside namespaces use 198.18.0.0/16 and 2001:2::/48 (benchmarking addresses), in a range
the machine does not route (else those checks are not run, with why), and are removed with the run. With the bandwidth plugin, a 2-second transfer through each shaped direction reports the
measured rate against the configured one (under twice the configured rate passes). Each check passes,
fails or is not applicable (with the reason). A failed check makes the run fail (exit 1). So does an ADD
result the namespace after it contradicts (an interface the container lacks, an address or MAC it does
not have), though libcni takes it: each such claim is named. --format json prints {"ok", "checks":
[{"kind", "from", "to", "family", "ok", "detail", "ms"}], "resultMismatches": [{"pointer", "message"}], "events": [...]}, each
check's evidence (the commands run and what they printed) in its checks event. The file is loaded as libcni --libcni
(default ${DEFAULT_PROFILE.libcni}) loads it, and the walk follows that release's rules. CNI_PATH comes from --cni-path, else the environment,
else ${DEFAULT_CNI_PATH.join(':')}.

A run acts only on what it makes: a plugin that would act on a link of the machine that is there before the
run (host-device's device, macvlan's, ipvlan's or vlan's master, and without one the link of the default
route, a bridge that exists) is refused before anything runs, unless --host-links names it (names
separated by commas): moved into a namespace, the machine's uplink would come back down, without its
addresses and routes. Name only links that are there for tests. A port mapping whose host port a process
of the machine listens on is refused too (new connections to it would reach the container), and so is a
dataDir (host-local, tuning) outside /var/lib/cni, /run and /tmp, in a folder another user could redirect
(a folder or link of theirs, or one still to be made in /tmp: make it first), or holding another network's leases;
and so is a bridge or ptp network that holds the machine's gateway or one of its addresses, or overlaps a route it has.

Exit status: 0 success, 1 a plugin failed or the run was refused, 2 bad usage, unreadable input, or not root.

lab serve listens on loopback by default and requires the bearer token it prints (or reads from
--token-file). Browsers may call it only from its own origin and the --allow-origin list. It serves the
built app at / when --app-dir (default: dist/ of this checkout) exists, so a lab VM needs only the helper;
otherwise / redirects to --app-url (npm start passes its dev server) or says how to get the app (--no-app:
always). As root it serves the app only from a folder no one else can change (the folder, each one above it
and everything in it root's, none writable by group or others, no links) and does not start otherwise;
each file is checked again as it is sent. Bound to loopback, it answers only requests whose Host is
127.0.0.1, localhost or [::1] with its port; bound elsewhere, the address it binds (the machine's addresses
for 0.0.0.0 or ::) or a --host-name. The audit log (--audit-log; as root /var/log/cni-studio/lab-audit.log,
or /var/lib/cni-studio/ where others may change /var/log) records every run and refused request (a burst,
then so many a minute; the rest counted); it must be in a folder only root can change, and is never
written through a link.`;
