// The seed's client cache (its `fetchAgents`), as browser JavaScript: the list is kept in
// localStorage under `agents_<search>_<status>` as JSON with a timestamp and used when it is less
// than 5 minutes old. Nothing invalidates it on a write. Kept only as the reference our client
// cache is measured against; runs in the page of bench/client-cache.
export function createSeedClientCache(fetchList) {
  let agents = null;
  const setAgents = (data) => {
    agents = data;
  };
  async function fetchAgents(debouncedSearchTerm, filterStatus) {
    const cacheKey = `agents_${debouncedSearchTerm}_${filterStatus}`;
    const cachedData = localStorage.getItem(cacheKey);
    if (cachedData) {
      const { data, timestamp } = JSON.parse(cachedData);
      // Use cached data if less than 5 minutes old
      if (Date.now() - timestamp < 300000) {
        setAgents(data);
        return agents;
      }
    }
    const data = await fetchList(debouncedSearchTerm, filterStatus);
    localStorage.setItem(cacheKey, JSON.stringify({ data, timestamp: Date.now() }));
    setAgents(data);
    return agents;
  }
  return { fetchAgents };
}
