import { useMemo, useState } from 'react';
import type { CatalogEntry } from '../../core';
import { catalog } from '../validator';

const GROUPS: { id: string; title: string; test: (e: CatalogEntry) => boolean }[] = [
  { id: 'interface', title: 'Interface', test: (e) => !e.thirdParty && e.role === 'interface' },
  { id: 'ipam', title: 'IPAM', test: (e) => !e.thirdParty && e.role === 'ipam' },
  { id: 'chained', title: 'Chained', test: (e) => !e.thirdParty && (e.role === 'chained' || e.role === 'meta') },
  { id: 'third-party', title: 'Third-party', test: (e) => e.thirdParty },
];

export function Catalog() {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return catalog.entries.filter((e) => !q || e.type.includes(q) || e.summary.toLowerCase().includes(q) || e.title.toLowerCase().includes(q));
  }, [query]);
  return (
    <nav className="catalog" aria-label="Plugin catalog">
      <input className="search" type="search" placeholder="Search plugins" aria-label="Search plugins" value={query} onChange={(e) => setQuery(e.target.value)} />
      {GROUPS.map((g) => {
        const entries = shown.filter(g.test);
        if (entries.length === 0) return null;
        return (
          <section key={g.id} data-testid={`catalog-group-${g.id}`}>
            <h2>
              {g.title} <span className="count">{entries.length}</span>
            </h2>
            <ul>
              {entries.map((e) => (
                <li key={e.type} className={`plugin role-${e.role}`} data-testid={`catalog-${e.type}`} title={e.summary}>
                  <span className="plugin-type">{e.type}</span>
                  <span className="plugin-summary">{e.summary}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
