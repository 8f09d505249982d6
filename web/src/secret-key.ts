const STORAGE_KEY = "parcours.secretKey";

/** The secret key lives in localStorage so a reload keeps the session; signing out removes it. */
export const secretKeyStore = {
  read(): string | null {
    return localStorage.getItem(STORAGE_KEY);
  },
  write(key: string): void {
    localStorage.setItem(STORAGE_KEY, key);
  },
  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
  },
};
