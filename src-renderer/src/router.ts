// Hash routing (works the same from file:// in Electron and from the HTTP host): #/van-ban-den/12?tab=x ...

import { useEffect, useState } from 'react';

function current(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Path and query of a route: "/tim-kiem?q=abc" -> { path: "/tim-kiem", query }. */
export function parseRoute(route: string): { path: string; query: URLSearchParams } {
  const i = route.indexOf('?');
  return i < 0 ? { path: route, query: new URLSearchParams() } : { path: route.slice(0, i), query: new URLSearchParams(route.slice(i + 1)) };
}

export function navigate(path: string): void {
  window.location.hash = path;
}
