package bank_test

import (
	"fmt"

	"github.com/o2c-project/o2c/bank"
)

func ExampleParse() {
	mt940 := ":20:STMT1\n:25:DE02120300000000202051\n:28C:1/1\n:60F:C240105EUR100,00\n" +
		":61:2401050105C250,00NTRFNONREF//B1\n:86:166?00GUTSCHRIFT?20EREF+E2E-7 SVWZ+RE 2024-0042?32ACME GMBH\n" +
		":62F:C240105EUR350,00\n-\n"
	statements, err := bank.Parse("statement.sta", []byte(mt940))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := statements[0]
	e := s.Entries[0]
	fmt.Println(s.Format, s.Account.IBAN, s.Opening.Signed(), s.Closing.Signed(), len(s.Faults))
	fmt.Println(e.Mark, e.Amount, e.BookingDate, e.EndToEndID, e.Details[0].Counterparty.Name, e.Details[0].Remittance)
	fmt.Println(e.Key)
	// Output:
	// mt940 DE02120300000000202051 100.00 350.00 0
	// C 250.00 2024-01-05 E2E-7 ACME GMBH [RE 2024-0042]
	// DE02120300000000202051|2024-01-05|C|250|ref:B1
}
