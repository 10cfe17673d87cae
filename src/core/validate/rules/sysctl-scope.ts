// Sysctls under net/ that are the machine's, not a network namespace's: in a container's namespace Linux
// shows the file read-only, or not at all. tuning writes them there, so its ADD fails. Read from Linux 6.18
// (a namespace made by `ip netns add`, against the initial one); a sysctl Linux made per-namespace in some
// release is left out, so an older kernel can only fail on more than these.

/** Files a container's namespace shows read-only (mode 444): "permission denied". */
const READ_ONLY = new Set([
  'core/rmem_default', 'core/rmem_max', 'core/wmem_default', 'core/wmem_max',
  'ipv4/tcp_allowed_congestion_control', 'ipv4/tcp_available_congestion_control', 'ipv4/tcp_ehash_entries', 'ipv4/udp_hash_entries',
  'mptcp/available_path_managers', 'mptcp/available_schedulers',
  'netfilter/nf_conntrack_buckets', 'netfilter/nf_conntrack_count', 'netfilter/nf_conntrack_expect_max', 'netfilter/nf_conntrack_max',
  'ipv4/conf/all/mc_forwarding', 'ipv4/conf/default/mc_forwarding',
].map((s) => `net/${s}`));

/** Files only the initial namespace has: "no such file or directory". */
const ABSENT = new Set([
  ...['bpf_jit_enable', 'bpf_jit_harden', 'bpf_jit_kallsyms', 'bpf_jit_limit', 'busy_poll', 'busy_read', 'default_qdisc', 'dev_weight', 'dev_weight_rx_bias', 'dev_weight_tx_bias', 'devconf_inherit_init_net', 'fb_tunnels_only_for_init_net', 'gro_normal_batch', 'high_order_alloc_disable', 'max_skb_frags', 'mem_pcpu_rsv', 'message_burst', 'message_cost', 'netdev_budget', 'netdev_budget_usecs', 'netdev_max_backlog', 'netdev_rss_key', 'netdev_tstamp_prequeue', 'netdev_unregister_timeout_secs', 'rps_sock_flow_entries', 'skb_defer_max', 'warnings'].map((s) => `core/${s}`),
  ...['cipso_cache_bucket_size', 'cipso_cache_enable', 'cipso_rbm_optfmt', 'cipso_rbm_strictvalid', 'fib_sync_mem', 'inet_peer_maxttl', 'inet_peer_minttl', 'inet_peer_threshold', 'ipfrag_secret_interval', 'tcp_available_ulp', 'tcp_low_latency', 'tcp_max_orphans', 'tcp_mem', 'udp_mem'].map((s) => `ipv4/${s}`),
  ...['error_burst', 'error_cost', 'gc_elasticity', 'gc_interval', 'gc_min_interval', 'gc_min_interval_ms', 'gc_thresh', 'gc_timeout', 'max_size', 'redirect_load', 'redirect_number', 'redirect_silence'].map((s) => `ipv4/route/${s}`),
  ...['calipso_cache_bucket_size', 'calipso_cache_enable', 'ip6frag_secret_interval', 'mld_max_msf', 'mld_qrv'].map((s) => `ipv6/${s}`),
  'netfilter/nf_log_all_netns',
  'nf_conntrack_max',
].map((s) => `net/${s}`));

/** The neighbour tables' defaults (net/ipv4/neigh/default/…) are the initial namespace's only. */
const ABSENT_DIR = /^net\/ipv[46]\/neigh\/default\//;

/** How a container's namespace shows this sysctl file (its path below /proc/sys), when tuning cannot write it. */
export function sysctlOutsideNetns(path: string): 'read-only' | 'absent' | undefined {
  if (READ_ONLY.has(path)) return 'read-only';
  if (ABSENT.has(path) || ABSENT_DIR.test(path)) return 'absent';
  return undefined;
}
