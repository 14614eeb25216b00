package storetest

import (
	"encoding/json"
	"testing"

	"github.com/o2c-project/o2c"
)

// testBankCSVMappings saves, replaces, lists and deletes bank CSV mappings.
func testBankCSVMappings(t *testing.T, s o2c.Store) {
	first := json.RawMessage(`{"bank":"Crédit Agricole CSV","delimiter":";"}`)
	second := json.RawMessage(`{"bank":"Crédit Agricole CSV","delimiter":"\t"}`)
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.SaveBankCSVMapping(ctx(t), o2c.BankCSVMapping{Name: "Crédit Agricole CSV", Mapping: first, UpdatedBy: "user:ann"}))
		must(t, tx.SaveBankCSVMapping(ctx(t), o2c.BankCSVMapping{Name: "Anker Bank", Mapping: first, UpdatedBy: "user:ann"}))
	})
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.SaveBankCSVMapping(ctx(t), o2c.BankCSVMapping{Name: "Crédit Agricole CSV", Mapping: second, UpdatedBy: "user:bob"}))
	})
	got, err := s.FindBankCSVMappings(ctx(t))
	must(t, err)
	if len(got) != 2 || got[0].Name != "Anker Bank" || got[1].Name != "Crédit Agricole CSV" {
		t.Fatalf("mappings %+v, want two, by name", got)
	}
	var m map[string]string
	if err := json.Unmarshal(got[1].Mapping, &m); err != nil || m["delimiter"] != "\t" || got[1].UpdatedBy != "user:bob" || got[1].UpdatedAt.IsZero() {
		t.Fatalf("replaced mapping %+v (%s)", got[1], got[1].Mapping)
	}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.DeleteBankCSVMapping(ctx(t), "Anker Bank")) })
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.DeleteBankCSVMapping(ctx(t), "Anker Bank") })
	if o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Errorf("deleting a mapping twice: %v, want CodeNotFound", err)
	}
	if got, _ := s.FindBankCSVMappings(ctx(t)); len(got) != 1 {
		t.Errorf("%d mappings after the delete, want 1", len(got))
	}
}
