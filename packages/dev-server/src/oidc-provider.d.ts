/**
 * The parts of oidc-provider 9 that the dev server uses. oidc-provider 9 ships no type
 * declarations, and @types/oidc-provider would be one more dependency for a handful of
 * calls; these types stay internal (nothing in the public API refers to them).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<UnknownObject> | UnknownObject;
  }

  export interface InteractionPrompt {
    name: string;
    reasons: string[];
    details: UnknownObject;
  }

  export interface Interaction {
    uid: string;
    prompt: InteractionPrompt;
    params: UnknownObject;
    session?: { accountId?: string; uid?: string } | undefined;
    grantId?: string | undefined;
    returnTo: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    accountId: string;
    clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export class DeviceCode {
    clientId: string;
    params: UnknownObject;
    accountId?: string;
    grantId?: string;
    scope?: string;
    authTime?: number;
    error?: string;
    errorDescription?: string;
    isExpired: boolean;
    consumed?: unknown;
    save(): Promise<string>;
    static findByUserCode(
      userCode: string,
      options?: { ignoreExpiration?: boolean },
    ): Promise<DeviceCode | undefined>;
  }

  export interface ClientPrototype {
    redirectUris: string[];
    postLogoutRedirectUris?: string[];
    redirectUriAllowed(value: string): boolean;
    postLogoutRedirectUriAllowed(value: string): boolean;
  }

  export interface KoaContext {
    method: string;
    path: string;
    status: number;
    type: string;
    body: unknown;
    oidc: {
      route?: string;
      client?: { clientId: string; clientName?: string };
      params?: UnknownObject;
    };
  }

  export default class Provider {
    constructor(issuer: string, configuration: UnknownObject);
    issuer: string;
    proxy: boolean;
    Grant: typeof Grant;
    DeviceCode: typeof DeviceCode;
    Client: { prototype: ClientPrototype; find(id: string): Promise<unknown> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'server_error', listener: (ctx: KoaContext, error: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export const errors: Record<string, new (description?: string) => Error>;
}
