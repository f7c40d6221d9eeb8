/**
 * A client for the API as a browser or a script uses it: a session (cookie + CSRF token) after
 * `logIn`, or a bearer token. Answers come back whole (status, headers, parsed JSON) for assertions.
 */
// biome-ignore lint/suspicious/noExplicitAny: answers are read by tests, which assert their shape
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  private cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  static withToken(baseUrl: string, token: string): ApiClient {
    return new ApiClient(baseUrl, token);
  }

  static async loggedIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const answer = await client.logIn(email, password);
    if (answer.status !== 200)
      throw new Error(`login as ${email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return client;
  }

  async logIn(email: string, password: string): Promise<Answer> {
    const answer = await this.send('POST', '/api/v1/auth/login', { body: { email, password } });
    const setCookie = answer.headers.get('set-cookie');
    if (answer.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0] as string;
      this.csrfToken = answer.body.csrfToken;
    }
    return answer;
  }

  get = (path: string, o: { headers?: Record<string, string>; redirect?: RequestRedirect } = {}) =>
    this.send('GET', path, o);
  post = (path: string, body?: unknown, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
    this.send('POST', path, { ...o, body });
  put = (path: string, body?: unknown, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
    this.send('PUT', path, { ...o, body });
  patch = (path: string, body?: unknown, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
    this.send('PATCH', path, { ...o, body });
  delete = (path: string, o: { headers?: Record<string, string>; csrf?: boolean } = {}) =>
    this.send('DELETE', path, o);

  async send(
    method: string,
    path: string,
    o: {
      body?: unknown;
      headers?: Record<string, string>;
      csrf?: boolean;
      raw?: BodyInit;
      /** 'manual': a redirect comes back as it is (status, Location), not followed. */
      redirect?: RequestRedirect;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET' && o.csrf !== false) headers['x-csrf-token'] = this.csrfToken;
    let body: BodyInit | undefined = o.raw;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      ...(o.redirect ? { redirect: o.redirect } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed };
  }
}
