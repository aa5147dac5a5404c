import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { MANAGER, OPERATOR, meHandler, problem } from '../../testing/fixtures.ts';
import { requests, server, useMswServer } from '../../testing/msw-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import type { CreateApplicationRequest } from '@credman/api-contract';

useMswServer();

const PAGE = '/operator/applications/new';
const NEW_CLIENT_ID = 'Partner-BE-Acme-DM';

const preview = () => screen.getByTestId('client-id-preview');
const countryInput = () => screen.getByRole('combobox', { name: /^Country/ });

/** Types into the one country typeahead and picks the option with this code. */
async function chooseCountry({ user }: { user: View['user'] }, typed: string, code: string) {
  await user.click(countryInput());
  await user.type(countryInput(), typed);
  await user.click(await screen.findByRole('option', { name: new RegExp(`^${code} — `) }));
}
const apiSelect = () => screen.getByRole('combobox', { name: /^API/ });
const organisationInput = () => screen.getByRole('textbox', { name: /^Organisation/ });
const submit = () => screen.getByRole('button', { name: 'Create application' });

async function openAsOperator() {
  server.use(meHandler(OPERATOR));
  const view = renderApp(PAGE);
  await screen.findByRole('heading', { level: 1, name: 'Create application' });
  await screen.findByRole('form', { name: 'Create application' });
  return view;
}

type View = Awaited<ReturnType<typeof openAsOperator>>;

async function fillValid({ user }: View) {
  await chooseCountry({ user }, 'belg', 'BE');
  await user.type(organisationInput(), 'Acme');
  await user.selectOptions(apiSelect(), 'DM');
  await user.click(screen.getByRole('checkbox', { name: 'dm.sandbox' }));
}

describe('CreateApplicationPage', () => {
  it('given the caller is still loading, then a spinner shows instead of the form', async () => {
    server.use(
      http.get('*/api/me', async () => {
        await delay('infinite');
        return HttpResponse.json(OPERATOR);
      }),
    );
    renderApp(PAGE);
    await screen.findByRole('heading', { level: 1, name: 'Create application' });
    expect(screen.getByRole('progressbar', { name: 'Loading' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create application' })).not.toBeInTheDocument();
  });

  it('given a manager who is not an operator, then the form is not offered', async () => {
    server.use(meHandler(MANAGER));
    renderApp(PAGE);
    expect(await screen.findByText('Only operators can create applications')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create application' })).not.toBeInTheDocument();
  });

  it('given the parts typed one by one, then the client ID is shown live with placeholders for the rest', async () => {
    const view = await openAsOperator();
    expect(preview()).toHaveTextContent('Partner-‹country›-‹organisation›-‹API›');
    await chooseCountry(view, 'NL', 'NL');
    expect(preview()).toHaveTextContent('Partner-NL-‹organisation›-‹API›');
    expect(countryInput()).toHaveValue('NL — Netherlands');
    await view.user.type(organisationInput(), 'Acme');
    await view.user.selectOptions(apiSelect(), 'SMC');
    await view.user.click(screen.getByRole('radio', { name: 'PartnerAlternative (sandbox only)' }));
    expect(preview()).toHaveTextContent('PartnerAlternative-NL-Acme-SMC');
  });

  it('given typing in the one country box, then the list holds only matching countries out of all 249 and Enter chooses one', async () => {
    const view = await openAsOperator();
    await view.user.click(countryInput());
    const countries = () => within(screen.getByRole('listbox', { name: 'Countries' })).getAllByRole('option');
    expect(await screen.findByRole('listbox', { name: 'Countries' })).toBeInTheDocument();
    expect(countries()).toHaveLength(249);
    await view.user.type(countryInput(), 'nether');
    expect(countries().map((option) => option.textContent)).toEqual(['NL — Netherlands']);
    await view.user.keyboard('{ArrowDown}{Enter}');
    expect(countryInput()).toHaveValue('NL — Netherlands');
    expect(preview()).toHaveTextContent('Partner-NL-');
    expect(screen.queryByRole('searchbox', { name: 'Find a country' })).not.toBeInTheDocument();
  });

  it('given an invalid organisation, then the domain reason is shown at the field as it is typed', async () => {
    const view = await openAsOperator();
    await view.user.type(organisationInput(), 'Acme-Corp');
    expect(screen.getByText(/may contain only the letters A–Z/)).toBeInTheDocument();
    expect(organisationInput()).toHaveAttribute('aria-invalid', 'true');
    await view.user.clear(organisationInput());
    await view.user.type(organisationInput(), '9Acme');
    expect(screen.getByText('The organisation must start with a letter.')).toBeInTheDocument();
  });

  it('given an organisation not in CamelCase (acme, ACME), then the CamelCase rule is shown as it is typed', async () => {
    const view = await openAsOperator();
    await view.user.type(organisationInput(), 'acme');
    expect(
      screen.getByText(/must start with an upper-case letter \(CamelCase\), e\.g\. "Acme"/),
    ).toBeInTheDocument();
    expect(organisationInput()).toHaveAttribute('aria-invalid', 'true');
    await view.user.clear(organisationInput());
    await view.user.type(organisationInput(), 'ACME');
    expect(screen.getByText(/must be in CamelCase.*"Acme" rather than "ACME"/)).toBeInTheDocument();
    await view.user.clear(organisationInput());
    await view.user.type(organisationInput(), 'AcmeGmbH');
    expect(screen.queryByText(/CamelCase\),|must be in CamelCase/)).not.toBeInTheDocument();
  });

  it('given a typed country XX that matches none, then it is flagged as typed, and at submit too (not as missing)', async () => {
    const view = await openAsOperator();
    await view.user.click(countryInput());
    await view.user.type(countryInput(), 'XX');
    const message = /^XX is not a country code: type a country's name or its two-letter ISO 3166-1 code/;
    expect(screen.getByText(message)).toBeInTheDocument();
    await view.user.click(submit());
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByText('The country code is missing.')).not.toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('given PartnerAlternative with DM, then the API is refused: the test organisation is for the SMC sandbox only', async () => {
    const view = await openAsOperator();
    await view.user.click(screen.getByRole('radio', { name: 'PartnerAlternative (sandbox only)' }));
    await view.user.selectOptions(apiSelect(), 'DM');
    await view.user.click(submit());
    expect(
      screen.getByText(
        /^PartnerAlternative is the test organisation for the sandbox of Search, Match & Connect \(SMC\) only/,
      ),
    ).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('given an empty form, when it is submitted, then every missing part is named and nothing is sent', async () => {
    const view = await openAsOperator();
    await view.user.click(submit());
    expect(screen.getByText('The country code is missing.')).toBeInTheDocument();
    expect(screen.getByText('The organisation is missing.')).toBeInTheDocument();
    expect(screen.getByText(/^The API code is missing/)).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('given an API without a chosen permission, when submitted, then at least one is asked for', async () => {
    const view = await openAsOperator();
    await chooseCountry(view, 'NL', 'NL');
    await view.user.type(organisationInput(), 'Acme');
    await view.user.selectOptions(apiSelect(), 'DM');
    await view.user.click(submit());
    expect(screen.getByText('Choose at least one permission.')).toBeInTheDocument();
  });

  it('given PartnerAlternative, then only the sandbox permission is offered and a chosen production one is dropped', async () => {
    const view = await openAsOperator();
    expect(screen.getByText('Choose an API to see its permissions.')).toBeInTheDocument();
    await view.user.selectOptions(apiSelect(), 'SMC');
    await view.user.click(screen.getByRole('checkbox', { name: 'smc.production' }));
    await view.user.click(screen.getByRole('radio', { name: 'PartnerAlternative (sandbox only)' }));
    expect(screen.queryByRole('checkbox', { name: 'smc.production' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'smc.sandbox' })).not.toBeChecked();
    expect(screen.getByText(/sandbox-only: production is not offered/)).toBeInTheDocument();
  });

  it('given a valid form, when submitted, then the parts are sent and the new application opens', async () => {
    let sent: CreateApplicationRequest | undefined;
    server.use(
      http.post('*/api/applications', async ({ request }) => {
        sent = (await request.json()) as CreateApplicationRequest;
        return HttpResponse.json(
          {
            clientId: NEW_CLIENT_ID,
            description: null,
            permissions: ['dm.sandbox'],
            managers: [],
            warnings: [],
          },
          { status: 201 },
        );
      }),
      // The application page that opens afterwards.
      http.get(`*/api/applications/${NEW_CLIENT_ID}*`, () => problem(404, 'not-found')),
    );
    const view = await openAsOperator();
    await fillValid(view);
    expect(preview()).toHaveTextContent(NEW_CLIENT_ID);
    await view.user.click(submit());
    await waitFor(() => {
      expect(view.router.state.location.pathname).toBe(`/applications/${NEW_CLIENT_ID}`);
    });
    expect(sent).toEqual({
      kind: 'Partner',
      country: 'BE',
      organisation: 'Acme',
      api: 'DM',
      permissions: ['dm.sandbox'],
    });
  });

  it('given the application exists, when submitted, then the conflict is shown and the form stays', async () => {
    server.use(
      http.post('*/api/applications', () =>
        problem(409, 'already-exists', { detail: `Application ${NEW_CLIENT_ID} already exists.` }),
      ),
    );
    const view = await openAsOperator();
    await fillValid(view);
    await view.user.click(submit());
    expect(await screen.findByText(`${NEW_CLIENT_ID} already exists`)).toBeInTheDocument();
    expect(screen.getByText(`Application ${NEW_CLIENT_ID} already exists.`)).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe(PAGE);
  });

  it('given the server rejects a field, then its reason is shown at that field until the form changes', async () => {
    server.use(
      http.post('*/api/applications', () =>
        problem(400, 'validation-failed', {
          errors: [
            {
              field: 'permissions.0',
              reason: 'unknown-scope',
              message: 'Permission "dm.sandbox" does not exist.',
            },
          ],
        }),
      ),
    );
    const view = await openAsOperator();
    await fillValid(view);
    await view.user.click(submit());
    expect(await screen.findByText('Permission "dm.sandbox" does not exist.')).toBeInTheDocument();
    await view.user.type(organisationInput(), 'X');
    expect(screen.queryByText('Permission "dm.sandbox" does not exist.')).not.toBeInTheDocument();
  });

  it('given Keycloak is down, when submitted, then the retry hint is shown', async () => {
    server.use(
      http.post('*/api/applications', () => problem(503, 'keycloak-unavailable', {}, { 'Retry-After': '5' })),
    );
    const view = await openAsOperator();
    await fillValid(view);
    await view.user.click(submit());
    expect(await screen.findByText('The application was not created')).toBeInTheDocument();
    expect(screen.getByText('Keycloak is unavailable. Try again in 5 s.')).toBeInTheDocument();
  });
});
