// The contract catalogue (scenarios/catalogue.yaml): every behaviour ID, its provider, what it
// says and where it comes from. Scenarios may cover only these IDs.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace mockgate::runner {

struct Behaviour {
  std::string id;
  std::string provider;   ///< a provider id, "all", or "client"
  std::string statement;
  std::string source;     ///< document and section, or "chosen"
  std::string kind;       ///< "documented" or "chosen"
};

struct Catalogue {
  std::string file;
  std::vector<Behaviour> behaviours;
  std::set<std::string> ids() const;
};

/// Reads a catalogue file strictly; throws InputError.
Catalogue load_catalogue(const std::string& path);

/// Whether `path` is a catalogue file (its name is catalogue.yaml).
bool is_catalogue_file(const std::string& path);

}  // namespace mockgate::runner
