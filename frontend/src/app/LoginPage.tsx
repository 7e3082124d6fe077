/** Signing in is the service's OIDC flow: Spring lists the providers at /login and lands on / after. */
export default function LoginPage() {
  return (
    <main className="login">
      <h1>Tracehound</h1>
      <p>Sign in with your organisation's identity provider to see your workspaces.</p>
      <a className="button primary" href="/login">
        Sign in
      </a>
      <p className="quiet">
        Running locally? <code>./dev up</code> prints the demo owner's email and password for its development provider.
      </p>
    </main>
  );
}
