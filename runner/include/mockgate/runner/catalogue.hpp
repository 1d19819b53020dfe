// The contract catalogue (scenarios/catalogue.yaml): every behaviour ID, its provider, what it
// says and where it comes from. Scenarios may cover only these IDs.
#pragma once

#include <map>
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
  /// Client behaviours: the rule in the documents' own words, where they are silent and what
  /// is then accepted, and whether it is required (must) or good practice (should).
  std::string rule;
  std::string silent;
  std::string level = "must";
};

struct Catalogue {
  std::string file;
  std::vector<Behaviour> behaviours;
  std::set<std::string> ids() const;
  /// IDs of level should.
  std::set<std::string> should_ids() const;
  /// ID → what a failure quotes: the rule where there is one, else the statement.
  std::map<std::string, std::string> rules() const;
};

/// Reads a catalogue file strictly; throws InputError.
Catalogue load_catalogue(const std::string& path);

/// Whether `path` is a catalogue file (its name is catalogue.yaml).
bool is_catalogue_file(const std::string& path);

}  // namespace mockgate::runner
