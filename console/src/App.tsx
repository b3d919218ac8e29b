import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Provider } from 'urql';
import { useSession } from './auth';
import { makeClient } from './client';
import { match, usePath, Link } from './router';
import { Layout, Loading, PageHeading } from './ui';
import { Application, LetterPage } from './pages/Application';
import { AccessLog, AccessRules, ExplainAccess } from './pages/Dpo';
import { homeFor } from './pages/home';
import { Queue } from './pages/Queue';
import { CaseHistory, Reviews } from './pages/Reviews';
import { SignIn, SignedIn } from './pages/SignIn';
import { Statistics } from './pages/Statistics';

// Pages of one role each, loaded when first opened: the first load stays small (README, "The console").
const NewApplication = lazy(() => import('./pages/NewApplication').then((m) => ({ default: m.NewApplication })));
const PersonPage = lazy(() => import('./pages/Person').then((m) => ({ default: m.PersonPage })));
const Agreements = lazy(() => import('./pages/Agreements').then((m) => ({ default: m.Agreements })));
const Grants = lazy(() => import('./pages/Agreements').then((m) => ({ default: m.Grants })));
const Outbox = lazy(() => import('./pages/Outbox').then((m) => ({ default: m.Outbox })));
const Referrals = lazy(() => import('./pages/Referrals').then((m) => ({ default: m.Referrals })));
const ReferApplication = lazy(() => import('./pages/Referrals').then((m) => ({ default: m.ReferApplication })));
const ExplanationsDue = lazy(() => import('./pages/Explanations').then((m) => ({ default: m.ExplanationsDue })));
const Agencies = lazy(() => import('./pages/Agencies').then((m) => ({ default: m.Agencies })));
const SubjectAccess = lazy(() => import('./pages/DpoTools').then((m) => ({ default: m.SubjectAccess })));
const Retention = lazy(() => import('./pages/DpoTools').then((m) => ({ default: m.Retention })));
const Upload = lazy(() => import('./pages/Upload').then((m) => ({ default: m.Upload })));

function NotFound() {
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p className="govuk-body">
        If you typed the web address, check it is correct. <Link href="/">Go to the start</Link>.
      </p>
    </>
  );
}

function routes(path: string, roles: string[]): ReactNode {
  const p = path.split('?')[0];
  if (p === '/' || p === '/sign-in') return null;
  if (p === '/queue') return <Queue />;
  if (p === '/reviews') return <Reviews />;
  if (p === '/access-log') return <AccessLog />;
  if (p === '/explain') return <ExplainAccess />;
  if (p === '/access-rules') return <AccessRules />;
  if (p === '/statistics') return <Statistics />;
  if (p === '/applications/new') return <NewApplication />;
  if (p === '/agreements') return <Agreements />;
  if (p === '/grants') return <Grants />;
  if (p === '/upload') return <Upload />;
  if (p === '/outbox') return <Outbox />;
  if (p === '/agencies') return <Agencies />;
  if (p === '/referrals') return <Referrals />;
  if (p === '/referrals/new') return <ReferApplication />;
  if (p === '/explanations') return <ExplanationsDue />;
  if (p === '/subject-access') return <SubjectAccess />;
  if (p === '/retention') return <Retention />;
  let m = match('/applications/:id/letters/:letterId', p);
  if (m) return <LetterPage applicationId={m.id} letterId={m.letterId} />;
  if ((m = match('/applications/:id', p))) return <Application id={m.id} key={m.id} />;
  if ((m = match('/reviews/:id', p))) return <CaseHistory id={m.id} key={m.id} />;
  if ((m = match('/people/:id', p))) return <PersonPage id={m.id} key={m.id} />;
  if (p === '/nothing-here')
    return (
      <>
        <PageHeading>No pages for your role</PageHeading>
        <p className="govuk-body">Roles {roles.join(', ')} use the hub through its API, not this console.</p>
      </>
    );
  return <NotFound />;
}

export function App() {
  const session = useSession();
  const path = usePath();
  // A new client per session: nothing one person's token fetched is cached for the next.
  const client = useMemo(() => makeClient(), [session?.token]);
  let page: ReactNode;
  if (path.startsWith('/signed-in')) page = <SignedIn />;
  else if (!session) page = <SignIn />;
  else page = routes(path, session.roles) ?? <Home roles={session.roles} />;
  return (
    <Provider value={client}>
      <Layout session={session} path={path}>
        <Suspense fallback={<Loading />}>{page}</Suspense>
      </Layout>
    </Provider>
  );
}

function Home({ roles }: { roles: string[] }) {
  const href = homeFor(roles);
  return (
    <>
      <PageHeading>ASB Partnership Hub</PageHeading>
      <p className="govuk-body">
        <Link href={href}>Continue</Link>
      </p>
    </>
  );
}
