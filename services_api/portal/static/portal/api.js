// The catalogue API, reached relative to the service root this script was loaded from.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const NETWORK_MESSAGE = "Không kết nối được máy chủ. Vui lòng thử lại sau.";

export function createApi(base) {
  const root = new URL("api/v1/", base);
  const memo = new Map();

  async function get(path, params, { signal } = {}) {
    const url = new URL(path, root);
    for (const [key, value] of params || []) url.searchParams.append(key, value);
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, NETWORK_MESSAGE, null);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, body?.message || `Lỗi ${response.status}`, body);
    }
    return { body, headers: response.headers };
  }

  async function once(key, load) {
    if (!memo.has(key)) {
      memo.set(key, load().catch((error) => { memo.delete(key); throw error; }));
    }
    return memo.get(key);
  }

  return {
    root,
    async search(params, options) {
      const { body, headers } = await get("search", params, options);
      return { ...body, degraded: body.degraded || headers.get("X-Search-Degraded") === "true" };
    },
    async suggest(q, options) {
      return (await get("search/suggest", [["q", q]], options)).body;
    },
    async procedure(code, options) {
      return (await get(`procedures/${encodeURIComponent(code)}`, [], options)).body;
    },
    async history(code, options) {
      try {
        return (await get(`procedures/${encodeURIComponent(code)}/maturity/history`, [], options)).body;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
        throw error;
      }
    },
    lifeEvents() {
      return once("life-events", async () => (await get("life-events", [])).body);
    },
    async lifeEvent(code, options) {
      return (await get(`life-events/${encodeURIComponent(code)}`, [], options)).body;
    },
    stats(by) {
      return once(`stats:${by || ""}`, async () =>
        (await get("stats/maturity", by ? [["by", by]] : [])).body);
    },
    names(kind) {
      // Code → name for "agencies" or "fields", fetched once.
      return once(`names:${kind}`, async () => {
        const list = (await get(kind, [])).body;
        return new Map(list.map((item) => [item.code, item.name]));
      });
    },
  };
}
