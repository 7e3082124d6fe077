import { ErrorState, Loading } from '../../app/states';
import { invoiceRow } from './billingView';
import { useInvoices } from './subscription';

/** The workspace's invoices from Stripe, newest first (the API's order); for owners only. */
export function InvoicesTable({ workspace }: { workspace: string }) {
  const invoices = useInvoices(workspace, true);
  return (
    <section className="billing-invoices" aria-labelledby="billing-invoices-title">
      <h3 id="billing-invoices-title">Invoices</h3>
      {invoices.isPending && <Loading what="the invoices" />}
      {invoices.isError && <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />}
      {invoices.data !== undefined && invoices.data.invoices.length === 0 && (
        <p className="quiet" data-testid="invoices-empty">
          No invoices yet: Stripe writes one when a subscription starts, and one a month after that.
        </p>
      )}
      {invoices.data !== undefined && invoices.data.invoices.length > 0 && (
        <table className="billing-invoice-list" aria-labelledby="billing-invoices-title" data-testid="invoices">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Period (UTC)</th>
              <th scope="col" className="billing-number">
                Total
              </th>
              <th scope="col">Status</th>
              <th scope="col">Links</th>
            </tr>
          </thead>
          <tbody>
            {invoices.data.invoices.map(invoiceRow).map((row) => (
              <tr key={row.id} data-testid="invoice" data-invoice={row.id}>
                <th scope="row">{row.number}</th>
                <td>{row.period}</td>
                <td className="billing-number">{row.total}</td>
                <td className={row.due ? 'billing-alert' : undefined}>{row.status}</td>
                <td className="billing-links">
                  {row.hostedUrl !== undefined && (
                    <a href={row.hostedUrl} target="_blank" rel="noreferrer" aria-label={`View online: invoice ${row.number}`}>
                      View online
                    </a>
                  )}
                  {row.pdfUrl !== undefined && (
                    <a href={row.pdfUrl} target="_blank" rel="noreferrer" aria-label={`PDF of invoice ${row.number}`}>
                      PDF
                    </a>
                  )}
                  {row.hostedUrl === undefined && row.pdfUrl === undefined && <span className="quiet">none</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
